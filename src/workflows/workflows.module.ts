import { Global, Module } from '@nestjs/common';
import { WorkflowRegistry } from './workflow-registry.js';
import { WorkflowsController } from './workflows.controller.js';

@Global()
@Module({ providers: [WorkflowRegistry], controllers: [WorkflowsController], exports: [WorkflowRegistry] })
export class WorkflowsModule {}
