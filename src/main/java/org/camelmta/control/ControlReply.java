package org.camelmta.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The answer to a {@link ControlRequest}, as JSON.
 *
 * @param ok     whether the verb was carried out
 * @param code   on failure, what kind: {@code bad_request}, {@code not_found}, {@code failed}
 * @param error  on failure, why, in words
 * @param result on success, the verb's result
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ControlReply(boolean ok, String code, String error, JsonNode result) {

    public static final String BAD_REQUEST = "bad_request";
    public static final String NOT_FOUND = "not_found";
    public static final String FAILED = "failed";

    public static ControlReply success(JsonNode result) {
        return new ControlReply(true, null, null, result);
    }

    public static ControlReply failure(String code, String error) {
        return new ControlReply(false, code, error, null);
    }
}
