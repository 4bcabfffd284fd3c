import { Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { type Actor, CurrentActor } from '../../common/actor.js';
import { AppError } from '../../common/app-error.js';
import { Endpoint } from '../../common/endpoint.js';
import { notificationPageSchema, notificationSchema } from '../clock.schemas.js';
import { NotificationsRepository } from './notifications.repository.js';

const listQuery = z.strictObject({
  unread: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsRepository) {}

  @Get()
  @Endpoint({
    summary: 'Reminders, expiries and escalations addressed to the acting person or their role',
    response: notificationPageSchema,
  })
  list(@Query({ schema: listQuery }) q: z.infer<typeof listQuery>, @CurrentActor() actor: Actor) {
    return this.notifications.listFor(actor, q.unread === 'true', q.limit, q.offset);
  }

  @Post(':id/read')
  @Endpoint({
    summary: 'Mark a notification read',
    status: 200,
    response: notificationSchema,
    errors: ['NOT_FOUND'],
  })
  async read(@Param('id', { schema: z.uuid() }) id: string, @CurrentActor() actor: Actor) {
    const found = await this.notifications.markRead(id, actor);
    if (!found) throw new AppError('NOT_FOUND', 'Notification not found 通知不存在');
    return found;
  }
}
