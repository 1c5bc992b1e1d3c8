package io.nearby.api;

/**
 * The authenticated user of a request, registered in the request context by {@link AuthFilter}.
 *
 * @param userId a valid user id (the token's {@code sub})
 */
public record Caller(String userId) {
}
