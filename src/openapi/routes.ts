import { type INestApplication, RequestMethod, type Type } from '@nestjs/common';
import {
  CUSTOM_ROUTE_ARGS_METADATA,
  HTTP_CODE_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import { IS_PUBLIC } from '../auth/public.decorator.js';
import { ERROR_STATUS, type ErrorCode } from '../common/app-error.js';
import { type EndpointSpec, endpointOf, HEADER_PARAMS, type HeaderParam } from '../common/endpoint.js';

/** Nest's RouteParamtypes for the inputs a client sends (not exported from @nestjs/common's index). */
const INPUT_PARAMTYPES: Record<number, string> = {
  3: '@Body()',
  4: '@Query()',
  5: '@Param()',
  6: '@Headers()',
};
const BODY_PARAMTYPE = 3;

/** One route handler of the application and what the contract needs to know about it. */
export interface Route {
  controller: Type;
  methodName: string;
  handler: (...args: unknown[]) => unknown;
  /** `Controller_method`: the operation's id in the OpenAPI document. */
  operationId: string;
  spec: EndpointSpec | undefined;
  /** Needs no access token (`@Public()`). */
  isPublic: boolean;
  /** The status Nest answers a success with: `@Endpoint({ status })`, else 201 for POST and 200. */
  status: number;
  headers: HeaderParam[];
  /** Reads a client input with a schema (path, query, header or body). */
  readsInput: boolean;
  readsBody: boolean;
  /** Inputs read without a zod schema, as `@Query()`, `@Body()` …: unparsed and undocumented. */
  unparsedInputs: string[];
}

/** `CasesController`, `list` → `Cases_list`. */
export function operationIdOf(controllerKey: string, methodKey: string): string {
  return `${controllerKey.replace(/Controller$/, '')}_${methodKey}`;
}

interface RouteArg {
  index: number;
  data?: unknown;
  schema?: unknown;
}

export function describeRoute(controller: Type, methodName: string): Route {
  const handler = (controller.prototype as Record<string, Route['handler']>)[methodName];
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, methodName) ?? {}) as Record<
    string,
    RouteArg
  >;
  let readsInput = false;
  let readsBody = false;
  const unparsedInputs: string[] = [];
  for (const [key, arg] of Object.entries(args)) {
    if (key.includes(CUSTOM_ROUTE_ARGS_METADATA)) {
      if (arg.schema !== undefined) readsInput = true;
      continue;
    }
    const paramtype = Number(key.split(':')[0]);
    const input = INPUT_PARAMTYPES[paramtype];
    if (!input) continue;
    if (arg.schema === undefined) {
      unparsedInputs.push(input.replace('()', typeof arg.data === 'string' ? `('${arg.data}')` : '()'));
      continue;
    }
    readsInput = true;
    if (paramtype === BODY_PARAMTYPE) readsBody = true;
  }
  const spec = endpointOf(handler);
  const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
  const code = Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined;
  return {
    controller,
    methodName,
    handler,
    operationId: operationIdOf(controller.name, methodName),
    spec,
    isPublic:
      Reflect.getMetadata(IS_PUBLIC, handler) === true || Reflect.getMetadata(IS_PUBLIC, controller) === true,
    status: code ?? (method === RequestMethod.POST ? 201 : 200),
    headers: (Reflect.getMetadata(HEADER_PARAMS, handler) ?? []) as HeaderParam[],
    readsInput,
    readsBody,
    unparsedInputs,
  };
}

/** Every route handler of the application's controllers (works on a preview-mode app too). */
export function discoverRoutes(app: INestApplication): Route[] {
  const routes: Route[] = [];
  const seen = new Set<Type>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | null;
      if (!controller || seen.has(controller)) continue;
      seen.add(controller);
      for (const methodName of Object.getOwnPropertyNames(controller.prototype)) {
        if (methodName === 'constructor') continue;
        const handler = (controller.prototype as Record<string, unknown>)[methodName];
        if (typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined)
          continue;
        routes.push(describeRoute(controller, methodName));
      }
    }
  }
  return routes;
}

/** Errors any operation of this kind may answer, added to the codes its spec names. */
export function implicitErrors(route: Route): ErrorCode[] {
  return [
    ...(route.isPublic ? [] : (['UNAUTHENTICATED', 'TOKEN_INVALID', 'TOKEN_EXPIRED'] as const)),
    ...(route.readsInput ? (['VALIDATION_FAILED'] as const) : []),
    ...(route.readsBody ? (['MALFORMED_JSON', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'] as const) : []),
  ];
}

/** Every error code the route's contract lists, by HTTP status. */
export function documentedErrors(route: Route): Map<number, ErrorCode[]> {
  const codes = new Set<ErrorCode>([...implicitErrors(route), ...(route.spec?.errors ?? [])]);
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of Object.keys(ERROR_STATUS) as ErrorCode[]) {
    if (!codes.has(code)) continue;
    const status = ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return new Map([...byStatus.entries()].sort(([a], [b]) => a - b));
}
