package org.vireo.templates;

import java.util.UUID;

/** Published (after commit) when an operator deleted a template: copies of its files on hosts can go. */
public record TemplateDeleted(UUID templateId) {}
