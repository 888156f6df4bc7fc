/**
 * The event contracts of the PKCS connector platform: every Kafka topic ({@link io.pkcsconnector.contracts.Topics}),
 * every event as a record ({@link io.pkcsconnector.contracts.PkiEvent}), and their one JSON form ({@link
 * io.pkcsconnector.contracts.EventJson}). Services depend on this module instead of copying schemas, and the golden
 * JSON tests guard the wire format: within a topic's major version changes are additive only; anything else is a
 * new topic {@code .v2}.
 */
package io.pkcsconnector.contracts;
