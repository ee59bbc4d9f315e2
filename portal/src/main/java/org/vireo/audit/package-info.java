/** Who did what, when, with which outcome: the audit log and its texts. */
@ApplicationModule(allowedDependencies = {"base"})
package org.vireo.audit;

import org.springframework.modulith.ApplicationModule;
