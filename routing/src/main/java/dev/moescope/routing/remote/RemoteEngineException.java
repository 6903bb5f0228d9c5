package dev.moescope.routing.remote;

/** A remote engine failed or answered something moescope cannot use; the message names the URL and the problem. */
public class RemoteEngineException extends RuntimeException {
    public RemoteEngineException(String message) {
        super(message);
    }

    public RemoteEngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
