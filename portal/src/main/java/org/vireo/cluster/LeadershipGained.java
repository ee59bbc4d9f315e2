package org.vireo.cluster;

/** This node has just taken the lease: it should catch up (reconcile) before doing the leader's duties. */
public record LeadershipGained(String nodeId) {}
