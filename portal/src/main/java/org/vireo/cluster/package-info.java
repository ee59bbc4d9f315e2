/** Several portal nodes on one database: the lease, and pushing changes between nodes. */
@ApplicationModule(allowedDependencies = {"base"})
package org.vireo.cluster;

import org.springframework.modulith.ApplicationModule;
