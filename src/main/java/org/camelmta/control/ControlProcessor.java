package org.camelmta.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control route's bean ({@code mtaControl}): a JSON {@link ControlRequest} in, a JSON
 * {@link ControlReply} out. Every failure becomes a reply; nothing an operator sends can make
 * the route fail.
 */
public class ControlProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(ControlProcessor.class);
    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final ControlService service;

    public ControlProcessor(ControlService service) {
        this.service = service;
    }

    public String handle(String body) {
        ControlReply reply;
        try {
            ControlRequest request = JSON.readValue(body, ControlRequest.class);
            if (request.verb() == null) {
                throw new IllegalArgumentException("no verb");
            }
            Object result = switch (request.verb().toLowerCase(Locale.ROOT)) {
                case "queue" -> service.queue(request.domain(), request.offset() == null ? 0 : request.offset(),
                        request.limit() == null ? ControlService.DEFAULT_PAGE : request.limit());
                case "show" -> service.show(require(request.id(), "show needs a message id"));
                case "flush" -> service.flush(request);
                case "delete" -> service.delete(request);
                case "bounce" -> service.bounce(request);
                case "suspend" -> service.suspend(request);
                case "resume" -> service.resume(request);
                default -> throw new IllegalArgumentException("unknown verb '" + request.verb() + "'");
            };
            if (!"queue".equals(request.verb()) && !"show".equals(request.verb())) {
                LOG.info("control: {} -> {}", body, result);
            }
            reply = ControlReply.success(JSON.valueToTree(result));
        } catch (JsonProcessingException e) {
            reply = ControlReply.failure(ControlReply.BAD_REQUEST, "not a control request: " + e.getOriginalMessage());
        } catch (ControlService.NotFound e) {
            reply = ControlReply.failure(ControlReply.NOT_FOUND, e.getMessage());
        } catch (IllegalArgumentException e) {
            reply = ControlReply.failure(ControlReply.BAD_REQUEST, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("control request {} failed", body, e);
            reply = ControlReply.failure(ControlReply.FAILED, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        try {
            return JSON.writeValueAsString(reply);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String require(String value, String message) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(message);
        }
        return value;
    }
}
