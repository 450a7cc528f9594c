package io.skylane.mininet;

/** The lab driver refused a request, overran its time limit, or died. */
public final class LabException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LabException(String message) {
        super(message);
    }

    public LabException(String message, Throwable cause) {
        super(message, cause);
    }
}
