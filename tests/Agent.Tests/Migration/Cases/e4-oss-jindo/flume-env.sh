# JindoSDK on the classpath so that the HDFS sink can write oss:// paths.
export JAVA_OPTS="-Xmx4g -Dflume.monitoring.type=http -Dflume.monitoring.port=34545"
export FLUME_CLASSPATH=/opt/apps/extra-jars/jindosdk/jindo-core-6.3.4.jar:/opt/apps/extra-jars/jindosdk/jindo-sdk-6.3.4.jar:$FLUME_CLASSPATH
export HADOOP_CONF_DIR=/etc/taihao-apps/hadoop-conf
