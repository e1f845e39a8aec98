/**
 * The REST API under {@code /api} (OpenAPI at {@code /v3/api-docs}, Swagger UI at {@code /swagger-ui/index.html}):
 * scenarios, sessions with commands, trace and rewind, stateless runs, share links. Errors are RFC 9457
 * problem+json ({@link dev.driverlab.web.api.ApiExceptionHandler}); controllers stay thin over
 * {@link dev.driverlab.session.SessionService} and {@link dev.driverlab.share.ShareService}.
 */
package dev.driverlab.web.api;
