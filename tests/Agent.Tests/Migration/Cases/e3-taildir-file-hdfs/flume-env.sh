# Heap sized for the file channel's replay; GC logs kept for support cases.
export JAVA_OPTS="-Xms1g -Xmx4g -XX:+UseG1GC -XX:MaxGCPauseMillis=200 -Xloggc:/var/log/flume/gc.log -verbose:gc"
export HADOOP_CONF_DIR=/etc/ecm/hadoop-conf
export FLUME_CLASSPATH="/opt/apps/HADOOP-COMMON/hadoop-common-current/share/hadoop/common/*"
