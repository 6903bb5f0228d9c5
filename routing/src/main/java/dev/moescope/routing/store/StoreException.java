package dev.moescope.routing.store;

/** A problem with the routing database; the message names the file and what is wrong. */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
