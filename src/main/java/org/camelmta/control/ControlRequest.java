package org.camelmta.control;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One operator request on {@code mta.control}, as JSON: {@code {"verb":"flush","domain":"example.com"}}.
 *
 * @param verb   {@code queue}, {@code show}, {@code flush}, {@code delete}, {@code bounce},
 *               {@code suspend}, {@code resume}
 * @param domain the destination the verb is about, if any
 * @param id     the message (camel-mta id) the verb is about, if any
 * @param all    for {@code flush}: everything
 * @param reason for {@code suspend}: why, shown in the listing and in the deferral reply
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ControlRequest(String verb, String domain, String id, Boolean all, String reason) {

    public static ControlRequest of(String verb) {
        return new ControlRequest(verb, null, null, null, null);
    }

    public static ControlRequest forDomain(String verb, String domain) {
        return new ControlRequest(verb, domain, null, null, null);
    }

    public static ControlRequest forMessage(String verb, String id) {
        return new ControlRequest(verb, null, id, null, null);
    }

    public boolean isAll() {
        return Boolean.TRUE.equals(all);
    }
}
