package org.vireo.templates;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.vireo.audit.AuditLog;
import org.vireo.audit.AuditOutcome;
import org.vireo.audit.AuditSource;
import org.vireo.base.ConflictException;
import org.vireo.base.InvalidInputException;
import org.vireo.base.NotFoundException;
import org.vireo.base.Validation;
import org.vireo.security.CurrentUser;
import org.vireo.security.SystemActor;
import org.vireo.templates.internal.TemplateEntity;
import org.vireo.templates.internal.TemplateRepository;

/**
 * Images operators bring in, from a URL (fetched in the background) or as an upload (a browser's or a REST
 * body), streamed to a file under {@code ${vireo.home}/templates/imports}, never held whole in memory. The
 * template is {@code IMPORTING} with its progress until the file is in and checked ({@link ImageCheck}, the sha256
 * when one was given); then {@code READY}, or {@code FAILED} with the reason and no file left behind. Hosts get the
 * image through libvirt's upload stream on their first machine from it, as with every template.
 */
@Service
@PreAuthorize("hasRole('ADMIN')")
@EnableConfigurationProperties({ImportLimits.class, TemplateSettings.class})
public class ImageImports {
    private static final Logger log = LoggerFactory.getLogger(ImageImports.class);
    private static final Set<String> SCHEMES = Set.of("http", "https");
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);

    private final TemplateRepository templates;
    private final TemplateService service;
    private final AuditLog audit;
    /**
     * URL downloads run here, at most {@value #PARALLEL_DOWNLOADS} at once (the rest wait their turn, IMPORTING at
     * 0 %), never on the executor the UI's and console's work shares.
     */
    private final ExecutorService downloads = Executors.newFixedThreadPool(PARALLEL_DOWNLOADS, r -> {
        var t = new Thread(r, "image-download");
        t.setDaemon(true);
        return t;
    });

    static final int PARALLEL_DOWNLOADS = 2;
    private final Clock clock;
    private final int maxImageGiB;
    private final ImportLimits limits;
    private final ImportFetcher fetcher;
    /** Free space an import leaves on the file system it writes to ({@code VIREO_IMPORT_RESERVE_GIB}). */
    private final long reserveBytes;
    /** Imports running on this node: the attempt, the stream it reads (closed when it is given up), its pace. */
    private final Map<UUID, Attempt> running = new ConcurrentHashMap<>();
    /** URL imports waiting on this node for a download thread. */
    private final Set<UUID> queued = ConcurrentHashMap.newKeySet();

    private record Attempt(UUID id, InputStream stream, ImportPace pace) {}

    ImageImports(
            TemplateRepository templates,
            TemplateService service,
            AuditLog audit,
            TemplateSettings settings,
            ImportLimits limits) {
        this.limits = limits;
        this.reserveBytes = limits.reserveGib() << 30;
        this.fetcher = new ImportFetcher(new ImportAddresses(limits.allow()));
        this.templates = templates;
        this.service = service;
        this.audit = audit;
        this.clock = Clock.systemUTC();
        this.maxImageGiB = settings.templates().maxImageGib();
    }

    /**
     * What an operator says about an image to import. {@code url} null: the file comes as an upload
     * ({@link #receive}). {@code format} null: taken from the file; {@code diskGiB} null: the image's size.
     */
    public record ImportRequest(
            String name,
            String url,
            String sha256,
            String format,
            Integer vcpus,
            Integer memoryMiB,
            Integer diskGiB,
            boolean cloudInit,
            String osName,
            String defaultUser) {}

    /** The largest image (virtual or actual size) accepted, {@code VIREO_IMAGE_MAX_GIB}. */
    public int maxImageGiB() {
        return maxImageGiB;
    }

    /** A new {@code IMPORTING} template; a URL is fetched in the background from now on. */
    public Template start(ImportRequest r, AuditSource source) {
        return start(r, null, source);
    }

    /**
     * As {@link #start(ImportRequest, AuditSource)}, for an ISO shown only to the tenants {@code shownTo} (checked
     * by {@link IsoTenants#check}; null: all), from its first moment on.
     */
    public Template start(ImportRequest r, Set<UUID> shownTo, AuditSource source) {
        var caller = CurrentUser.require();
        if (r == null) {
            throw new InvalidInputException("body", "validation.required");
        }
        TemplateService.checkGuest(r.name(), r.osName(), r.defaultUser());
        String url = r.url() == null ? null : url(r.url());
        String sha = r.sha256() == null || r.sha256().isBlank()
                ? null
                : r.sha256().strip().toLowerCase(Locale.ROOT);
        if (sha != null && !sha.matches("[0-9a-f]{64}")) {
            throw new InvalidInputException("sha256", "templates.sha256-invalid");
        }
        String format = ImageCheck.format("format", r.format());
        int vcpus = Validation.range("vcpus", r.vcpus() == null ? 1 : r.vcpus(), 1, 64);
        int memory = Validation.range("memoryMiB", r.memoryMiB() == null ? 512 : r.memoryMiB(), 128, 1024 * 1024);
        Integer disk = r.diskGiB() == null ? null : Validation.range("diskGiB", r.diskGiB(), 1, 16 * 1024);
        if (templates.existsByName(r.name())) {
            throw new InvalidInputException("name", "templates.name-taken");
        }
        if (shownTo != null && !"iso".equals(format)) {
            throw new InvalidInputException("tenantIds", "isos.tenants-only-isos");
        }
        TemplateEntity saved;
        try {
            var entity = TemplateEntity.importing(
                    r.name(), vcpus, memory, disk, r.cloudInit(), r.osName(), r.defaultUser(), format, url, sha);
            if (shownTo != null) {
                entity.showTo(shownTo);
            }
            saved = templates.saveAndFlush(entity);
        } catch (DataIntegrityViolationException e) {
            throw new InvalidInputException("name", "templates.name-taken");
        }
        audit.record(
                caller.username(),
                null,
                "template.import",
                r.name(),
                AuditOutcome.SUCCESS,
                source,
                url == null ? "awaiting upload" : "from " + withoutQuery(url));
        if (url != null) {
            UUID id = saved.getId();
            queued.add(id);
            downloads.execute(() -> SystemActor.callAs(caller, () -> {
                download(id, caller.username(), source);
                return null;
            }));
        }
        return saved.toTemplate();
    }

    /**
     * The image of an {@code IMPORTING} (upload) or {@code FAILED} template, read from {@code body} up to the cap
     * and checked; {@code length} is the announced size for the progress (-1: unknown). A refusal is thrown (and
     * the template is {@code FAILED} with it); a template that is {@code READY} already is 409.
     */
    public Template receive(UUID id, InputStream body, long length, AuditSource source) {
        var caller = CurrentUser.require();
        var entity = templates.findById(id).orElseThrow(() -> new NotFoundException("template"));
        if (entity.getStatus() == TemplateStatus.READY) {
            throw new ConflictException("templates.image-present");
        }
        UUID attempt = UUID.randomUUID();
        if (templates.claimImport(id, attempt, clock.instant()) == 0) {
            // READY meanwhile, or another upload or the URL's download holds it (on any node)
            throw new ConflictException(
                    templates
                                    .findById(id)
                                    .map(t -> t.getStatus() == TemplateStatus.READY)
                                    .orElse(false)
                            ? "templates.image-present"
                            : "templates.import-busy");
        }
        queued.remove(id); // an upload replaces a URL import that had not started
        try {
            return take(id, attempt, body, length, "image", caller.username(), source);
        } finally {
            running.remove(id);
        }
    }

    private void download(UUID id, String actor, AuditSource source) {
        queued.remove(id);
        var entity = templates.findById(id).orElse(null);
        UUID attempt = UUID.randomUUID();
        if (entity == null
                || entity.getSourceUrl() == null
                || entity.getStatus() != TemplateStatus.IMPORTING
                || templates.claimImport(id, attempt, clock.instant()) == 0) {
            return; // deleted, or an upload took it meanwhile
        }
        String url = entity.getSourceUrl();
        try (var download = fetcher.open(url)) {
            if (download.length() > (long) maxImageGiB << 30) {
                throw new InvalidInputException("url", "templates.image-too-large", maxImageGiB);
            }
            take(id, attempt, download.body(), download.length(), "url", actor, source);
        } catch (InvalidInputException e) {
            // already marked FAILED by take(), or refused before reading: mark it now
            fail(id, attempt, e, actor, source);
        } catch (ImportFetcher.Failed e) {
            // what went wrong where is for the operators' log; the template says only what kind of failure it was
            log.warn("import {} from {}: {}", id, withoutQuery(url), e.getMessage());
            fail(id, attempt, new InvalidInputException("url", e.reason), actor, source);
        } catch (IOException | RuntimeException e) {
            log.warn("import {} from {} failed: {}", id, withoutQuery(url), e.toString());
            fail(id, attempt, new InvalidInputException("url", "templates.import-download-failed"), actor, source);
        } finally {
            running.remove(id);
        }
    }

    /**
     * Streams, checks and publishes the image into a file of this attempt's own; on a refusal nothing stays but
     * the FAILED row with the reason. The pace is watched from here and by {@link #watch}.
     */
    private Template take(
            UUID id, UUID attempt, InputStream in, long length, String field, String actor, AuditSource source) {
        Path dir = service.importDirectory();
        Path part = dir.resolve(id + "." + attempt + ".part");
        var pace = new ImportPace(clock.instant(), limits);
        running.put(id, new Attempt(attempt, in, pace));
        try {
            Files.createDirectories(dir);
            String sha = copy(id, attempt, pace, in, part, length, field);
            var entity = templates.findById(id).orElseThrow(() -> new NotFoundException("template"));
            if (!attempt.equals(entity.getImportAttempt()) || entity.getStatus() != TemplateStatus.IMPORTING) {
                throw new InvalidInputException(field, "templates.import-cancelled"); // failed by the watch, deleted
            }
            if (entity.getExpectedSha256() != null
                    && !entity.getExpectedSha256().equals(sha)) {
                throw new InvalidInputException("sha256", "templates.sha256-mismatch", entity.getExpectedSha256(), sha);
            }
            var checked = ImageCheck.check(field, part, entity.getImageFormat(), maxImageGiB);
            if (entity.getDefaultDiskGib() > 0 && entity.getDefaultDiskGib() < checked.minDiskGiB()) {
                throw new InvalidInputException("diskGiB", "templates.disk-below-image", checked.minDiskGiB());
            }
            Path image = dir.resolve(id + "." + checked.format());
            Files.move(part, image, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.setPosixFilePermissions(image, PosixFilePermissions.fromString("r--r--r--"));
            entity.ready(image, checked.format(), sha, checked.minDiskGiB());
            var saved = templates.saveAndFlush(entity).toTemplate();
            audit.record(
                    actor,
                    null,
                    "template.import",
                    saved.name(),
                    AuditOutcome.SUCCESS,
                    source,
                    checked.format() + ", sha256 " + sha,
                    "image=" + image + " virtualSize=" + checked.virtualSizeBytes());
            log.info(
                    "template {} imported: {} {} bytes virtual, sha256 {}",
                    saved.name(),
                    checked.format(),
                    checked.virtualSizeBytes(),
                    sha);
            return saved;
        } catch (InvalidInputException e) {
            deleteQuietly(part);
            fail(id, attempt, e, actor, source);
            throw e;
        } catch (IOException e) {
            deleteQuietly(part);
            log.warn("import {} could not be read: {}", id, e.toString());
            // the watch closed the stream of an import off pace: the row says that already
            var refused = new InvalidInputException(field, "templates.import-download-failed");
            fail(id, attempt, refused, actor, source);
            throw refused;
        } catch (RuntimeException e) {
            deleteQuietly(part);
            throw e;
        }
    }

    /** Copies up to the cap, hashing on the way; the progress goes to the row, and a gone import stops it. */
    private String copy(UUID id, UUID attempt, ImportPace pace, InputStream in, Path part, long length, String field)
            throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long cap = (long) maxImageGiB << 30;
        byte[] buffer = new byte[1 << 20];
        // the imports share a file system with the machines' disks: an import never eats into the reserve, checked
        // before the first byte (with the announced size) and every 64 MiB while it copies
        var store = Files.getFileStore(part.getParent());
        if (store.getUsableSpace() - Math.max(length, 0) < reserveBytes) {
            throw new InvalidInputException(field, "templates.import-no-space");
        }
        long nextSpaceCheck = 64L << 20;
        long total = 0;
        int shown = -1;
        long nextUpdate = 0;
        try (var out = Files.newOutputStream(part)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
                if (total > cap) {
                    throw new InvalidInputException(field, "templates.image-too-large", maxImageGiB);
                }
                if (total >= nextSpaceCheck) {
                    nextSpaceCheck = total + (64L << 20);
                    if (store.getUsableSpace() < reserveBytes) {
                        throw new InvalidInputException(field, "templates.import-no-space");
                    }
                }
                pace.add(n);
                String offPace = pace.verdict(clock.instant());
                if (offPace != null) {
                    throw new InvalidInputException(field, offPace);
                }
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
                int percent = length > 0 ? (int) Math.min(99, total * 100 / length) : 0;
                long now = System.nanoTime();
                if (percent != shown && now >= nextUpdate || now - nextUpdate > 5 * PROGRESS_EVERY.toNanos()) {
                    shown = percent;
                    nextUpdate = now + PROGRESS_EVERY.toNanos();
                    if (templates.importProgress(id, attempt, percent, clock.instant()) == 0) {
                        throw new InvalidInputException(field, "templates.import-cancelled");
                    }
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private void fail(UUID id, UUID attempt, InvalidInputException why, String actor, AuditSource source) {
        templates.findById(id).ifPresent(entity -> {
            if (entity.getStatus() != TemplateStatus.IMPORTING || !attempt.equals(entity.getImportAttempt())) {
                return; // deleted, failed by the watch, taken over, or done
            }
            entity.failed(
                    why.messageKey(),
                    Arrays.stream(why.args()).map(String::valueOf).toList());
            templates.saveAndFlush(entity);
            audit.record(
                    actor, null, "template.import", entity.getName(), AuditOutcome.FAILED, source, why.messageKey());
        });
    }

    /**
     * Gives up, as the system, imports off pace: one running here that missed its deadline
     * ({@code VIREO_IMPORT_TIMEOUT}) or moved less than the minimum rate over a window (its stream is closed, which
     * ends a read that waits for a silent server); and one that holds a row but whose progress has not moved for
     * {@code vireo.templates.import.stall} while no thread here runs it (a portal that died mid-import, a download
     * queued before a restart). An upload template still waiting for its first upload is left alone.
     */
    public void watch() {
        var now = clock.instant();
        running.forEach((id, attempt) -> {
            String why = attempt.pace().verdict(now);
            if (why != null && giveUp(id, attempt.id(), why)) {
                try {
                    attempt.stream().close();
                } catch (IOException e) {
                    log.debug("import {} given up: {}", id, e.getMessage());
                }
            }
        });
        var before = now.minus(limits.stall());
        for (var entity : templates.findByStatus(TemplateStatus.IMPORTING)) {
            UUID id = entity.getId();
            boolean started = entity.getImportAttempt() != null || entity.getSourceUrl() != null;
            if (started
                    && !running.containsKey(id)
                    && !queued.contains(id)
                    && entity.getUpdatedAt().isBefore(before)) {
                giveUp(id, entity.getImportAttempt(), "templates.import-stalled");
            }
        }
    }

    private boolean giveUp(UUID id, UUID attempt, String why) {
        var entity = templates.findById(id).orElse(null);
        if (entity == null
                || entity.getStatus() != TemplateStatus.IMPORTING
                || !Objects.equals(attempt, entity.getImportAttempt())) {
            return false;
        }
        entity.failed(why, List.of());
        templates.saveAndFlush(entity);
        audit.record("system", null, "template.import", entity.getName(), AuditOutcome.FAILED, AuditSource.SYSTEM, why);
        log.info("import of {} given up: {}", entity.getName(), why);
        return true;
    }

    /** Removes a template's imported files (the image and a partial one). */
    static void removeFiles(Path dir, UUID id) {
        for (String suffix : List.of(".qcow2", ".raw", ".iso", ".part")) {
            deleteQuietly(dir.resolve(id + suffix));
        }
        if (Files.isDirectory(dir)) {
            try (var parts = Files.newDirectoryStream(dir, id + ".*.part")) {
                parts.forEach(ImageImports::deleteQuietly);
            } catch (IOException e) {
                log.warn("could not list {}: {}", dir, e.getMessage());
            }
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("could not remove {}: {}", file, e.getMessage());
        }
    }

    /** A URL for the audit log: a query (a pre-signed URL's signature, a token) is left out. */
    private static String withoutQuery(String url) {
        var uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    private static String url(String value) {
        try {
            var uri = new URI(value.strip());
            if (uri.getScheme() == null
                    || !SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT))
                    || uri.getHost() == null
                    || uri.getUserInfo() != null
                    || value.length() > 2000) {
                throw new InvalidInputException("url", "templates.url-invalid");
            }
            return uri.toString();
        } catch (URISyntaxException e) {
            throw new InvalidInputException("url", "templates.url-invalid");
        }
    }
}
