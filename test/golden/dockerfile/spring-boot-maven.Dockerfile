# syntax=docker/dockerfile:1

#
# Build stage
#
FROM cgr.dev/ORG/maven:3.9-dev AS build
WORKDIR /app

# Resolve dependencies first; the cache mount keeps ~/.m2 between builds
COPY pom.xml .
USER root
RUN --mount=type=cache,target=/root/.m2 mvn -B -q dependency:go-offline

COPY src ./src
RUN --mount=type=cache,target=/root/.m2 mvn -B -q package -DskipTests

#
# Package stage
#
FROM cgr.dev/ORG/jre:21-dev

LABEL org.opencontainers.image.title="customer-service" \
      org.opencontainers.image.vendor="Example Corp" \
      org.opencontainers.image.version="3.2.0" \
      org.opencontainers.image.description="Spring Boot customer service" \
      org.opencontainers.image.licenses="Apache-2.0"

WORKDIR /opt/app

# OpenTelemetry agent, always the latest release (no checksum: it changes)
ADD https://github.com/open-telemetry/opentelemetry-java-instrumentation/releases/latest/download/opentelemetry-javaagent.jar /opt/otel/opentelemetry-javaagent.jar

USER root
RUN addgroup -S spring && adduser -D -S -H -G spring -h /opt/app spring \
    && chmod 0644 /opt/otel/opentelemetry-javaagent.jar

COPY --from=build /app/target/*.jar app.jar

ENV JAVA_OPTS="-XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError" \
    SPRING_PROFILES_ACTIVE=prod \
    OTEL_SERVICE_NAME=customer-service

USER spring:spring

EXPOSE 8080

HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fs http://localhost:8080/actuator/health || exit 1

# Shell form so $JAVA_OPTS is expanded at start-up
ENTRYPOINT java $JAVA_OPTS -javaagent:/opt/otel/opentelemetry-javaagent.jar -jar app.jar
