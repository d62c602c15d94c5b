export { createControlApi, type ControlApi, type ControlApiDependencies } from './app';
export { ControlApiConfig } from './config';
export { controlApiService, PublicBindRefused } from './service';
export { buildOpenApiDocument, renderOpenApiDocument } from './api/openapi';
export { UI_EVENT_TYPES, UiEvent, type UiEventType } from './events/translate';
