package io.skylane.northbound;

/** The JSON body of every error answer: {@code {"error": {"type", "message", "field"}}}. */
public record ErrorBody(Detail error) {

    /** What went wrong; {@code field} names the request field to blame, or is null. */
    public record Detail(String type, String message, String field) {
    }

    public static ErrorBody of(String type, String message, String field) {
        return new ErrorBody(new Detail(type, message, field));
    }
}
