/**
 * Share links: a scenario, its commands and the step that was on screen, stored immutably under a short random id
 * ({@code /s/{id}}), or compressed into a URL fragment ({@code /lab#z=...}) that needs no storage at all. Both carry
 * the same {@link dev.driverlab.share.ShareContent}, and both replay to the identical session.
 */
package dev.driverlab.share;
