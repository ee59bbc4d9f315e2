package org.vireo.templates;

import java.util.UUID;

/** Tells the templates module how many machines use a template (implemented where machines live). */
public interface TemplateUsers {
    long machinesUsing(UUID templateId);
}
