package org.vireo.traffic;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vireo.base.Csv;
import org.vireo.base.InvalidInputException;
import org.vireo.hosts.Host;
import org.vireo.hosts.HostConnections;
import org.vireo.machines.MachineService;
import org.vireo.quotas.QuotaService;
import org.vireo.security.CurrentUser;
import org.vireo.tenants.TenantService;
import org.vireo.traffic.internal.TrafficStore;

/** Traffic per calendar month (UTC): a machine's for its tenant, every tenant's for operators. */
@Service
public class TrafficService {
    private final TrafficStore store;
    private final MachineService machines;
    private final TenantService tenants;
    private final HostConnections hosts;
    private final QuotaService quotas;
    private final TrafficAllowances allowances;

    TrafficService(
            TrafficStore store,
            MachineService machines,
            TenantService tenants,
            HostConnections hosts,
            QuotaService quotas,
            TrafficAllowances allowances) {
        this.quotas = quotas;
        this.allowances = allowances;
        this.store = store;
        this.machines = machines;
        this.tenants = tenants;
        this.hosts = hosts;
    }

    /** A day's bytes, public and private. */
    public record DayTraffic(LocalDate day, Bytes publicBytes, Bytes privateBytes) {}

    /** A machine's month: totals and its days with traffic, oldest first. */
    public record MachineTraffic(
            UUID machineId, YearMonth month, Bytes publicBytes, Bytes privateBytes, List<DayTraffic> days) {}

    /** One host's share of a tenant's month. */
    public record HostTraffic(UUID hostId, String hostName, Bytes publicBytes, Bytes privateBytes) {}

    /** A tenant's month, in all and per host. */
    public record TenantTraffic(
            UUID tenantId,
            String tenantName,
            YearMonth month,
            Bytes publicBytes,
            Bytes privateBytes,
            List<HostTraffic> hosts) {}

    /** "YYYY-MM", or the current month (UTC) when blank; 400 naming {@code month} otherwise. */
    public YearMonth month(String text) {
        if (text == null || text.isBlank()) {
            return YearMonth.now(ZoneOffset.UTC);
        }
        try {
            return YearMonth.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("month", "traffic.month-invalid");
        }
    }

    /** The machine's month; another tenant's machine is "not found". */
    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public MachineTraffic ofMachine(UUID machineId, YearMonth month) {
        var machine = machines.get(machineId);
        var rows = store.ofMachine(
                machine.id(), month.atDay(1), month.plusMonths(1).atDay(1));
        var days = new TreeMap<LocalDate, List<TrafficStore.Day>>();
        rows.forEach(r -> days.computeIfAbsent(r.day(), d -> new ArrayList<>()).add(r));
        return new MachineTraffic(
                machine.id(),
                month,
                sum(rows, TrafficKind.PUBLIC),
                sum(rows, TrafficKind.PRIVATE),
                days.entrySet().stream()
                        .map(e -> new DayTraffic(
                                e.getKey(),
                                sum(e.getValue(), TrafficKind.PUBLIC),
                                sum(e.getValue(), TrafficKind.PRIVATE)))
                        .toList());
    }

    /** A month's totals. */
    public record MonthTraffic(YearMonth month, Bytes publicBytes, Bytes privateBytes) {}

    /** The machine's last {@code count} months up to {@code last}, newest first (months without traffic too). */
    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public List<MonthTraffic> lastMonths(UUID machineId, YearMonth last, int count) {
        var machine = machines.get(machineId);
        YearMonth first = last.minusMonths(count - 1L);
        var byMonth = store
                .ofMachine(machine.id(), first.atDay(1), last.plusMonths(1).atDay(1))
                .stream()
                .collect(Collectors.groupingBy(r -> YearMonth.from(r.day())));
        var result = new ArrayList<MonthTraffic>();
        for (YearMonth m = last; !m.isBefore(first); m = m.minusMonths(1)) {
            var rows = byMonth.getOrDefault(m, List.of());
            result.add(new MonthTraffic(m, sum(rows, TrafficKind.PUBLIC), sum(rows, TrafficKind.PRIVATE)));
        }
        return result;
    }

    /** The caller's own tenant's month, all its machines together (deleted ones too). */
    @PreAuthorize("hasAnyRole('TENANT_ADMIN', 'MEMBER')")
    @Transactional(readOnly = true)
    public MonthTraffic ofOwnTenant(YearMonth month) {
        var rows = store.ofTenant(
                CurrentUser.require().tenantId(),
                month.atDay(1),
                month.plusMonths(1).atDay(1));
        return new MonthTraffic(month, sum(rows, TrafficKind.PUBLIC), sum(rows, TrafficKind.PRIVATE));
    }

    /**
     * A tenant's allowance in a month: public bytes used (both directions), the allowance in GiB (null:
     * unlimited) and how far it got (0, 80 or 100 %).
     */
    public record Allowance(YearMonth month, long usedBytes, Integer allowanceGiB, int level) {
        /** Used as a rounded percentage of the allowance; 0 without one. */
        public int percent() {
            return allowanceGiB == null || allowanceGiB == 0
                    ? 0
                    : (int) Math.min(999, Math.round(usedBytes * 100.0 / (allowanceGiB * TrafficAllowances.GIB)));
        }
    }

    /** The caller's own tenant's allowance this month. */
    @PreAuthorize("hasAnyRole('TENANT_ADMIN', 'MEMBER')")
    @Transactional(readOnly = true)
    public Allowance ownAllowance(YearMonth month) {
        UUID tenant = CurrentUser.require().tenantId();
        Integer gib = quotas.view(tenant).trafficGiB();
        long used = allowances.used(tenant, month);
        return new Allowance(month, used, gib, TrafficAllowances.level(used, gib));
    }

    /** Operators: every tenant with traffic in the month, most public traffic first. */
    @PreAuthorize("hasRole('ADMIN')")
    @Transactional(readOnly = true)
    public List<TenantTraffic> ofTenants(YearMonth month) {
        var rows = store.all(month.atDay(1), month.plusMonths(1).atDay(1));
        var byTenant = rows.stream().collect(Collectors.groupingBy(TrafficStore.Day::tenantId));
        Map<UUID, String> names = tenants.names(byTenant.keySet());
        Map<UUID, String> hostNames = hosts.hosts().stream().collect(Collectors.toMap(Host::id, Host::name));
        return byTenant.entrySet().stream()
                .map(t -> {
                    var perHost = t.getValue().stream().collect(Collectors.groupingBy(TrafficStore.Day::hostId));
                    var hostRows = perHost.entrySet().stream()
                            .map(h -> new HostTraffic(
                                    h.getKey(),
                                    hostNames.getOrDefault(
                                            h.getKey(), h.getKey().toString()),
                                    sum(h.getValue(), TrafficKind.PUBLIC),
                                    sum(h.getValue(), TrafficKind.PRIVATE)))
                            .sorted(Comparator.comparing(HostTraffic::hostName))
                            .toList();
                    return new TenantTraffic(
                            t.getKey(),
                            names.getOrDefault(t.getKey(), t.getKey().toString()),
                            month,
                            sum(t.getValue(), TrafficKind.PUBLIC),
                            sum(t.getValue(), TrafficKind.PRIVATE),
                            hostRows);
                })
                .sorted(Comparator.comparingLong(
                                (TenantTraffic t) -> t.publicBytes().total())
                        .reversed()
                        .thenComparing(TenantTraffic::tenantName))
                .toList();
    }

    /** The machine's days of the month as CSV (RFC 4180): day, then public and private bytes received and sent. */
    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public String machineCsv(UUID machineId, YearMonth month) {
        var sb = new StringBuilder("day,publicRxBytes,publicTxBytes,privateRxBytes,privateTxBytes\r\n");
        for (var d : ofMachine(machineId, month).days()) {
            sb.append(d.day())
                    .append(',')
                    .append(d.publicBytes().rx())
                    .append(',')
                    .append(d.publicBytes().tx())
                    .append(',')
                    .append(d.privateBytes().rx())
                    .append(',')
                    .append(d.privateBytes().tx())
                    .append("\r\n");
        }
        return sb.toString();
    }

    /** Operators: the month per tenant and host as CSV (RFC 4180), most public traffic first. */
    @PreAuthorize("hasRole('ADMIN')")
    @Transactional(readOnly = true)
    public String tenantsCsv(YearMonth month) {
        var sb = new StringBuilder(
                "month,tenant,host,publicRxBytes,publicTxBytes,privateRxBytes,privateTxBytes" + "\r\n");
        for (var t : ofTenants(month)) {
            for (var h : t.hosts()) {
                sb.append(month)
                        .append(',')
                        .append(Csv.cell(t.tenantName()))
                        .append(',')
                        .append(Csv.cell(h.hostName()))
                        .append(',')
                        .append(h.publicBytes().rx())
                        .append(',')
                        .append(h.publicBytes().tx())
                        .append(',')
                        .append(h.privateBytes().rx())
                        .append(',')
                        .append(h.privateBytes().tx())
                        .append("\r\n");
            }
        }
        return sb.toString();
    }

    private static Bytes sum(List<TrafficStore.Day> rows, TrafficKind kind) {
        return rows.stream()
                .filter(r -> r.kind().equals(kind.key()))
                .map(r -> new Bytes(r.rx(), r.tx()))
                .reduce(Bytes.NONE, Bytes::plus);
    }
}
