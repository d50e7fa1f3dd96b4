package io.meridian.server.http;

/** An error answer: HTTP status, a stable machine code and a message for people. */
public class ApiError extends RuntimeException {
    private final int status;
    private final String code;
    private final Object details;
    private boolean closesConnection;

    public ApiError(int status, String code, String message, Object details) {
        super(message);
        this.status = status;
        this.code = code;
        this.details = details;
    }

    public ApiError(int status, String code, String message) {
        this(status, code, message, null);
    }

    public static ApiError badRequest(String message) {
        return new ApiError(400, "bad_request", message);
    }

    public static ApiError notFound(String what) {
        return new ApiError(404, "not_found", what + " not found");
    }

    /**
     * Marks this error as ending the connection after the answer: the request's body was left unread (too
     * large, too slow), so the connection cannot carry another request.
     */
    public ApiError closingConnection() {
        closesConnection = true;
        return this;
    }

    public boolean closesConnection() {
        return closesConnection;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Object details() {
        return details;
    }
}
