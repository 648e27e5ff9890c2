package vn.bcci.contracts;

/** A record that can never be processed as it is (a poison event): it goes to the dead-letter topic with this reason. */
public class InvalidEventException extends RuntimeException {
    public InvalidEventException(String message) {
        super(message);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
