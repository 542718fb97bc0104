# flume-env.sh on the data-lake cluster's gateway node
export JAVA_HOME=/usr/lib/jvm/java-1.8.0
export JAVA_OPTS="-Xms512m -Xmx2048m -Dcom.sun.management.jmxremote"
export HIVE_HOME=/opt/apps/HIVE/hive-current
export HCAT_HOME=$HIVE_HOME/hcatalog
export HADOOP_HOME=/opt/apps/HADOOP-COMMON/hadoop-common-current
