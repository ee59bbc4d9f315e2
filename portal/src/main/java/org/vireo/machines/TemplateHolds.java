package org.vireo.machines;

import java.util.UUID;
import org.springframework.stereotype.Component;
import org.vireo.base.InvalidInputException;
import org.vireo.base.NotFoundException;
import org.vireo.templates.TemplateService;

/**
 * In the transaction that makes a machine use a template or ISO: a delete of it cannot slip in between (the
 * template's row is locked until the transaction ends); a deleted one is bad input on the caller's field.
 */
@Component
class TemplateHolds {
    private final TemplateService templates;

    TemplateHolds(TemplateService templates) {
        this.templates = templates;
    }

    void hold(UUID templateId, String field, String unknownKey) {
        try {
            templates.holdForUse(templateId);
        } catch (NotFoundException e) {
            throw new InvalidInputException(field, unknownKey);
        }
    }
}
