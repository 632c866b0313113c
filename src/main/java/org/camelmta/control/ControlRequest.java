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
 * @param limit  for {@code queue}: most destinations in the reply (default 100, at most 1,000)
 * @param offset for {@code queue}: destinations to skip, for the next page
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ControlRequest(String verb, String domain, String id, Boolean all, String reason, Integer limit,
                             Integer offset) {

    public static ControlRequest of(String verb) {
        return new ControlRequest(verb, null, null, null, null, null, null);
    }

    public static ControlRequest forDomain(String verb, String domain) {
        return new ControlRequest(verb, domain, null, null, null, null, null);
    }

    public static ControlRequest forMessage(String verb, String id) {
        return new ControlRequest(verb, null, id, null, null, null, null);
    }

    /** {@code queue}, one page of destinations. */
    public static ControlRequest queuePage(String domain, int offset, int limit) {
        return new ControlRequest("queue", domain, null, null, null, limit, offset);
    }

    public boolean isAll() {
        return Boolean.TRUE.equals(all);
    }
}
