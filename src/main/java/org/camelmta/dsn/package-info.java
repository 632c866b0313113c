/**
 * Delivery status notifications (RFC 3464) and the DSN request a submitter makes (RFC 3461):
 * what was asked ({@link org.camelmta.dsn.DsnRequest}, {@link org.camelmta.dsn.RecipientDsn}),
 * whether a notice is due ({@link org.camelmta.dsn.DsnPolicy}), and the notice itself
 * ({@link org.camelmta.dsn.DsnBuilder}). Nothing here knows Camel or JMS: the bounce route
 * calls it and sends the result with the null sender through the ordinary pipeline.
 */
package org.camelmta.dsn;
