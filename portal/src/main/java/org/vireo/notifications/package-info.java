/** Mails that tell users what happened to their machines, quota, traffic and account, each switchable per user. */
@ApplicationModule(allowedDependencies = {"base", "mail", "machines", "quotas", "security", "traffic"})
package org.vireo.notifications;

import org.springframework.modulith.ApplicationModule;
