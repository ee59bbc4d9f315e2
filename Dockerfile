# Vireo portal image. Build:  docker build -t vireo .
# The hypervisor stays on the host; the container reaches it one of two ways:
#  - local socket:  docker run -p 8080:8080 -v /var/run/libvirt/libvirt-sock:/var/run/libvirt/libvirt-sock \
#                     -v /var/lib/vireo:/var/lib/vireo -v vireo-data:/data vireo
#    (/var/lib/vireo is mounted at the same path because libvirtd opens template and disk files by host path)
#  - remote:        -e VIREO_LIBVIRT_URI=qemu+ssh://vireo@host/system -v ~/.ssh/vireo_id:/home/vireo/.ssh/id_ed25519:ro
# Run scripts/setup-host on the hypervisor host first (libvirt, demo template, accelerator probe).

FROM maven:3.9-eclipse-temurin-17 AS build
RUN apt-get update && apt-get install -y --no-install-recommends npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pom.xml ./
COPY console-proxy ./console-proxy
COPY portal ./portal
COPY playwright-tests/pom.xml ./playwright-tests/pom.xml
RUN mvn -B -ntp -pl console-proxy,portal package -DskipTests

FROM eclipse-temurin:17-jre
# libvirt0: the client library libvirt-java calls through JNA; ssh client for qemu+ssh:// URIs.
RUN apt-get update && apt-get install -y --no-install-recommends libvirt0 openssh-client \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /home/vireo vireo && mkdir /data && chown vireo /data
COPY --from=build /src/portal/target/vireo.jar /opt/vireo/vireo.jar
ENV VIREO_DATA_DIR=/data VIREO_HOME=/var/lib/vireo
# Runs as root by default because the host's libvirt socket needs it; with qemu+ssh:// add `--user vireo`.
# 8080: portal; 6080: browser consoles (WebSocket), set VIREO_CONSOLE_PUBLIC_URL/ORIGINS to the names browsers use.
EXPOSE 8080 6080
ENTRYPOINT ["java", "-jar", "/opt/vireo/vireo.jar"]
