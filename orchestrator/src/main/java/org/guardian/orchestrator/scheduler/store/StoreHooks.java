package org.guardian.orchestrator.scheduler.store;

/**
 * What the node's execution side gives its store: the claims made inside fire transactions and
 * the fires whose rows the outcome records delete.
 */
public record StoreHooks(FireHook claims, CompletedFires completedFires) {
}
