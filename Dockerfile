# syntax=docker/dockerfile:1

# Build stage: dependencies first, so editing sources does not re-download the world.
FROM maven:3.9-eclipse-temurin-17 AS build
# Maven profiles to build with: "postgres,relay" for the PostgreSQL driver and RabbitMQ relay client
# (docker-compose.yml; README "Scaling out"); none for the single instance on its embedded H2 file.
ARG PROFILES=""
WORKDIR /build
COPY pom.xml .
RUN mvn -B -q ${PROFILES:+-P$PROFILES} dependency:go-offline
COPY src ./src
# -Dexec.skip: not the package step's extraction, training runs and archives for target/driverlab (README
# "Performance"); an archive only fits the very JVM that recorded it, so the runtime stage records its own below.
RUN mvn -B -q ${PROFILES:+-P$PROFILES} -Dexec.skip=true -DskipTests package

# Runtime stage: a JRE, curl for the health check (the Ubuntu-based temurin image has neither curl nor wget).
FROM eclipse-temurin:17-jre
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 driverlab
WORKDIR /app
COPY --from=build /build/target/driverlab.jar /tmp/driverlab.jar
# Faster starts: the jar extracted (Spring Boot's jarmode=tools layout), Spring's AOT-processed bean definitions
# (built into the jar by the package step; -Dspring.aot.enabled=true, as target/driverlab starts the server) and a
# class-data-sharing archive of every class a start loads, recorded by a training start that stops once the context
# is refreshed (the same training as the package step's target/cli/server.jsa; README "Performance" has the figures
# and the settings AOT fixes at build time). The JVM ignores an archive that does not match it.
RUN java -Djarmode=tools -jar /tmp/driverlab.jar extract --destination /app/extracted \
    && rm /tmp/driverlab.jar \
    && cd /tmp \
    && java -XX:ArchiveClassesAtExit=/app/driverlab.jsa -Dspring.aot.enabled=true -Dspring.context.exit=onRefresh \
        -jar /app/extracted/driverlab.jar --spring.datasource.url=jdbc:h2:mem:cds --server.port=0 \
    && rm -rf /tmp/data
# The embedded H2 database file will live here; the only directory the app writes to.
RUN mkdir -p /app/data && chown driverlab /app/data
EXPOSE 8080
# No --start-period: dockerfilelint 1.8 rejects it, and the first check (after one interval) follows a ~5 s start.
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
    CMD curl -fsS http://localhost:8080/actuator/health || exit 1
USER driverlab
# A JVM that ran out of heap may go on half-alive (Tomcat's acceptor thread dead, answering nothing): exit instead,
# so the supervisor (restart policy, orchestrator) starts a fresh one; sessions come back from the database.
# /actuator/health is DOWN when the session sweep stops, for a server wedged without running out of memory.
# A 20 ms pause goal for G1: every session's trace stays live, so its default (200 ms) lets young collections copy
# enough live data to stall every session for a few hundred ms under load (README "Performance"). The JIT's
# thresholds tripled: a start's run-once code is left to the interpreter. A server under load should also have its
# heap touched at start (README "Operations"): a deployment that knows the container's memory says so, as
# docker-compose.yml does (a memory limit, and JAVA_TOOL_OPTIONS with -XX:+AlwaysPreTouch); the image alone does
# not, since without a limit the JVM would size and touch a heap for the host's whole memory.
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/driverlab.jsa", "-Dspring.aot.enabled=true", \
    "-XX:+ExitOnOutOfMemoryError", "-XX:MaxGCPauseMillis=20", "-XX:CompileThresholdScaling=3", \
    "-XX:MaxRAMPercentage=75", "-jar", "/app/extracted/driverlab.jar"]
