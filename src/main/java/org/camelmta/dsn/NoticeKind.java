package org.camelmta.dsn;

import java.util.List;

/** Which of the three notices a report is, by its most serious recipient. */
enum NoticeKind {
    FAILURE("Undelivered Mail Returned to Sender"),
    DELAY("Delayed Mail (still being retried)"),
    SUCCESS("Successful Mail Delivery Report");

    private final String subject;

    NoticeKind(String subject) {
        this.subject = subject;
    }

    String subject() {
        return subject;
    }

    static NoticeKind of(List<RecipientStatus> recipients) {
        if (recipients.stream().anyMatch(r -> r.action() == DsnAction.FAILED)) {
            return FAILURE;
        }
        if (recipients.stream().anyMatch(r -> r.action() == DsnAction.DELAYED)) {
            return DELAY;
        }
        return SUCCESS;
    }
}
