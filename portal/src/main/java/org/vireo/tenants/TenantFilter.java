package org.vireo.tenants;

import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The operators' "tenant" filter of the lists (machines, users): tenants fetched by what is typed, a page at a
 * time, since a provider may have thousands; clearing it shows all again.
 */
public class TenantFilter extends ComboBox<Tenant> {
    public TenantFilter(TenantService tenants, String id, Consumer<UUID> onChange) {
        setLabel(getTranslation("machines.filter.tenant"));
        setId(id);
        setItems(q -> tenants.page(q.getFilter().orElse(""), VaadinSpringDataHelpers.toSpringPageRequest(q)).stream());
        setItemLabelGenerator(Tenant::name);
        setClearButtonVisible(true);
        addValueChangeListener(
                e -> onChange.accept(e.getValue() == null ? null : e.getValue().id()));
    }
}
