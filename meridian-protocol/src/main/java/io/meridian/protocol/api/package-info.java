/**
 * The coordinator's client API ({@code /v1}) as records: what the Java client returns and sends. Field names are the
 * API's snake_case names; states are the API's lowercase words. Handlers' own data (inputs, outputs, results,
 * metadata) stays JSON.
 */
package io.meridian.protocol.api;
