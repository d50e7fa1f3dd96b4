package io.meridian.server.routes;

import io.meridian.server.http.ApiError;

/**
 * Why a node cannot serve writes although it is up: it has just won the leadership and is still reloading state
 * ({@code leader_starting}), or it stepped down because it could not commit ({@code storage_full},
 * {@code coordinator_failed}, {@code commit_stalled}). Its API routes answer {@link #error()}, and its readiness
 * check answers 503 with the same code and reason.
 *
 * @param role   what the node is for the election: {@code leader} while starting, else {@code follower}
 * @param status the health status word: {@code starting} or {@code unavailable}
 */
public record Unavailable(String role, String status, ApiError error) {

    public static Unavailable starting(String message) {
        return new Unavailable("leader", "starting", new ApiError(503, "leader_starting", message));
    }

    public static Unavailable unfit(String code, String message) {
        return new Unavailable("follower", "unavailable", new ApiError(503, code, message));
    }
}
