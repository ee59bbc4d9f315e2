/** What every module shares: validation, errors and their texts, the layout, XML, addresses. */
@ApplicationModule(allowedDependencies = {})
package org.vireo.base;

import org.springframework.modulith.ApplicationModule;
