#!/bin/bash
# Flume environment for the order-service collector (EMR gateway node)
export JAVA_HOME=/usr/lib/jvm/java-1.8.0-openjdk
export FLUME_HOME=/opt/apps/FLUME/flume-current

JAVA_OPTS="-Xms256m -Xmx1g -XX:+UseG1GC -XX:+HeapDumpOnOutOfMemoryError"
JAVA_OPTS="$JAVA_OPTS -Dflume.monitoring.type=http -Dflume.monitoring.port=34545"
JAVA_OPTS="$JAVA_OPTS -DpropertiesImplementation=org.apache.flume.node.EnvVarResolverProperties"
JAVA_OPTS="$JAVA_OPTS -Dflume.app.name=orders -Duser.timezone=Asia/Shanghai"
JAVA_OPTS="$JAVA_OPTS -Djavax.net.ssl.trustStorePassword=PLANTED_SECRET_ENV_TRUST"
JAVA_OPTS="$JAVA_OPTS -javaagent:/opt/jmx_exporter/jmx_prometheus_javaagent.jar=9404:/opt/jmx_exporter/flume.yml"

export HADOOP_HOME=/opt/apps/HADOOP-COMMON/hadoop-common-current
export FLUME_CLASSPATH="/opt/apps/extra-jars/*"
export APP_LOG=/var/log/orders/orders.log
export SLS_ACCESS_KEY_SECRET=PLANTED_SECRET_ENV_SLS

if [ -d /opt/apps/extra-jars/jindosdk ]; then
  FLUME_CLASSPATH="$FLUME_CLASSPATH:/opt/apps/extra-jars/jindosdk/*"
fi
