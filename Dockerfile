# Talis for production: the WAR and the server's boot commands on the official Payara Micro image.
#   docker build -t talis .
#   docker run -p 8080:8080 -e DB_URL=jdbc:postgresql://db:5432/talis -e DB_USER=talis -e DB_PASSWORD=... talis
# Stop with a timeout longer than TASK_SHUTDOWN_GRACE_SECONDS (default 30), e.g. docker stop -t 45,
# so that running tasks can finish before the container is killed.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY src ./src
RUN mvn -B -ntp -DskipTests -Dmdep.skip=true package

FROM payara/micro:6.2025.10-jdk17
# Provisioning of DigitalOcean and Ximera machines runs ansible-playbook over SSH.
USER root
RUN apt-get update \
    && apt-get install -y --no-install-recommends ansible-core openssh-client \
    && rm -rf /var/lib/apt/lists/*
USER payara
COPY --chown=payara:payara server-config/ /opt/payara/config/talis/
COPY --chown=payara:payara --from=build /src/target/talis.war /opt/payara/deployments/talis.war
EXPOSE 8080
STOPSIGNAL SIGTERM
CMD ["--deploy", "/opt/payara/deployments/talis.war", "--contextroot", "/", \
     "--prebootcommandfile", "/opt/payara/config/talis/pre-boot-commands.asadmin", \
     "--nocluster", "--disablephonehome"]
