using FlumeNet.Agent.Registry;
using FlumeNet.ConfigParser.Specs;

namespace FlumeNet.Agent.Tests.Registry;

public sealed class ComponentRegistryTests
{
    private static readonly ComponentRegistry Registry = ComponentRegistry.Default;

    /// <summary>Every alias of flume-reference.md §5, with the class it names.</summary>
    public static TheoryData<ComponentKind, string, string> FlumeAliases() => new()
    {
        { ComponentKind.Source, "seq", "org.apache.flume.source.SequenceGeneratorSource" },
        { ComponentKind.Source, "netcat", "org.apache.flume.source.NetcatSource" },
        { ComponentKind.Source, "netcatudp", "org.apache.flume.source.NetcatUdpSource" },
        { ComponentKind.Source, "exec", "org.apache.flume.source.ExecSource" },
        { ComponentKind.Source, "avro", "org.apache.flume.source.AvroSource" },
        { ComponentKind.Source, "thrift", "org.apache.flume.source.ThriftSource" },
        { ComponentKind.Source, "syslogtcp", "org.apache.flume.source.SyslogTcpSource" },
        { ComponentKind.Source, "multiport_syslogtcp", "org.apache.flume.source.MultiportSyslogTCPSource" },
        { ComponentKind.Source, "syslogudp", "org.apache.flume.source.SyslogUDPSource" },
        { ComponentKind.Source, "spooldir", "org.apache.flume.source.SpoolDirectorySource" },
        { ComponentKind.Source, "http", "org.apache.flume.source.http.HTTPSource" },
        { ComponentKind.Source, "jms", "org.apache.flume.source.jms.JMSSource" },
        { ComponentKind.Source, "TAILDIR", "org.apache.flume.source.taildir.TaildirSource" },
        { ComponentKind.Channel, "memory", "org.apache.flume.channel.MemoryChannel" },
        { ComponentKind.Channel, "file", "org.apache.flume.channel.file.FileChannel" },
        { ComponentKind.Channel, "SPILLABLEMEMORY", "org.apache.flume.channel.SpillableMemoryChannel" },
        { ComponentKind.Channel, "jdbc", "org.apache.flume.channel.jdbc.JdbcChannel" },
        { ComponentKind.Sink, "null", "org.apache.flume.sink.NullSink" },
        { ComponentKind.Sink, "logger", "org.apache.flume.sink.LoggerSink" },
        { ComponentKind.Sink, "file_roll", "org.apache.flume.sink.RollingFileSink" },
        { ComponentKind.Sink, "avro", "org.apache.flume.sink.AvroSink" },
        { ComponentKind.Sink, "thrift", "org.apache.flume.sink.ThriftSink" },
        { ComponentKind.Sink, "hdfs", "org.apache.flume.sink.hdfs.HDFSEventSink" },
        { ComponentKind.Sink, "hive", "org.apache.flume.sink.hive.HiveSink" },
        { ComponentKind.Sink, "http", "org.apache.flume.sink.http.HttpSink" },
        { ComponentKind.Sink, "hbase", "org.apache.flume.sink.hbase.HBaseSink" },
        { ComponentKind.Sink, "asynchbase", "org.apache.flume.sink.hbase.AsyncHBaseSink" },
        { ComponentKind.Sink, "hbase2", "org.apache.flume.sink.hbase2.HBase2Sink" },
        { ComponentKind.Sink, "irc", "org.apache.flume.sink.irc.IRCSink" },
        { ComponentKind.Sink, "morphline_solr", "org.apache.flume.sink.solr.morphline.MorphlineSolrSink" },
        { ComponentKind.Sink, "elasticsearch", "org.apache.flume.sink.elasticsearch.ElasticSearchSink" },
        { ComponentKind.SinkProcessor, "default", "org.apache.flume.sink.DefaultSinkProcessor" },
        { ComponentKind.SinkProcessor, "failover", "org.apache.flume.sink.FailoverSinkProcessor" },
        { ComponentKind.SinkProcessor, "load_balance", "org.apache.flume.sink.LoadBalancingSinkProcessor" },
        { ComponentKind.ChannelSelector, "replicating", "org.apache.flume.channel.ReplicatingChannelSelector" },
        { ComponentKind.ChannelSelector, "multiplexing", "org.apache.flume.channel.MultiplexingChannelSelector" },
        { ComponentKind.ChannelSelector, "load_balancing", "org.apache.flume.channel.LoadBalancingChannelSelector" },
        { ComponentKind.Interceptor, "timestamp", "org.apache.flume.interceptor.TimestampInterceptor$Builder" },
        { ComponentKind.Interceptor, "host", "org.apache.flume.interceptor.HostInterceptor$Builder" },
        { ComponentKind.Interceptor, "static", "org.apache.flume.interceptor.StaticInterceptor$Builder" },
        { ComponentKind.Interceptor, "regex_filter", "org.apache.flume.interceptor.RegexFilteringInterceptor$Builder" },
        { ComponentKind.Interceptor, "regex_extractor", "org.apache.flume.interceptor.RegexExtractorInterceptor$Builder" },
        { ComponentKind.Interceptor, "remove_header", "org.apache.flume.interceptor.RemoveHeaderInterceptor$Builder" },
        { ComponentKind.Interceptor, "search_replace", "org.apache.flume.interceptor.SearchAndReplaceInterceptor$Builder" },
        { ComponentKind.Serializer, "text", "org.apache.flume.serialization.BodyTextEventSerializer$Builder" },
        { ComponentKind.Serializer, "header_and_text", "org.apache.flume.serialization.HeaderAndBodyTextEventSerializer$Builder" },
        { ComponentKind.Serializer, "avro_event", "org.apache.flume.serialization.FlumeEventAvroEventSerializer$Builder" },
        { ComponentKind.ConfigFilter, "env", "org.apache.flume.configfilter.EnvironmentVariableConfigFilter" },
        { ComponentKind.ConfigFilter, "hadoop", "org.apache.flume.configfilter.HadoopCredentialStoreConfigFilter" },
        { ComponentKind.ConfigFilter, "external", "org.apache.flume.configfilter.ExternalProcessConfigFilter" },
    };

    /// <summary>Types flume-reference.md §5 names only by class (no alias).</summary>
    public static TheoryData<ComponentKind, string> ClassOnlyTypes() => new()
    {
        { ComponentKind.Source, "org.apache.flume.source.kafka.KafkaSource" },
        { ComponentKind.Source, "org.apache.flume.source.StressSource" },
        { ComponentKind.Source, "org.apache.flume.source.twitter.TwitterSource" },
        { ComponentKind.Source, "org.apache.flume.source.scribe.ScribeSource" },
        { ComponentKind.Source, "org.apache.flume.source.loghub.LogHubSource" },
        { ComponentKind.Source, "com.aliyun.loghub.flume.source.LoghubSource" },
        { ComponentKind.Channel, "org.apache.flume.channel.kafka.KafkaChannel" },
        { ComponentKind.Channel, "org.apache.flume.channel.PseudoTxnMemoryChannel" },
        { ComponentKind.Sink, "org.apache.flume.sink.kafka.KafkaSink" },
        { ComponentKind.Sink, "org.apache.flume.sink.kudu.KuduSink" },
        { ComponentKind.Sink, "com.aliyun.loghub.flume.sink.LoghubSink" },
        { ComponentKind.Interceptor, "org.apache.flume.sink.solr.morphline.UUIDInterceptor$Builder" },
        { ComponentKind.Interceptor, "org.apache.flume.sink.solr.morphline.MorphlineInterceptor$Builder" },
        { ComponentKind.Serializer, "org.apache.flume.sink.hdfs.AvroEventSerializer$Builder" },
    };

    [Theory]
    [MemberData(nameof(FlumeAliases))]
    public void FlumeAlias_ResolvesToItsKindAndClass(ComponentKind kind, string alias, string className)
    {
        var match = Registry.Resolve(kind, alias);

        Assert.NotNull(match);
        Assert.Equal(TypeMatchKind.Alias, match.How);
        Assert.Equal(kind, match.Spec.Kind);
        Assert.Contains(className, match.Spec.ClassNames);
        Assert.Same(match.Spec, Registry.Resolve(kind, className)?.Spec);
        Assert.Equal(TypeMatchKind.ClassName, Registry.Resolve(kind, className)!.How);
    }

    [Theory]
    [MemberData(nameof(ClassOnlyTypes))]
    public void ClassOnlyType_ResolvesByClassName(ComponentKind kind, string className)
    {
        var match = Registry.Resolve(kind, className);

        Assert.NotNull(match);
        Assert.Equal(TypeMatchKind.ClassName, match.How);
        Assert.Empty(match.Spec.Aliases);
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("MEMORY")]
    [InlineData("Memory")]
    [InlineData("mEmOrY")]
    public void Alias_MatchesInAnyCase(string type)
    {
        var match = Registry.Resolve(ComponentKind.Channel, type);

        Assert.Equal(TypeMatchKind.Alias, match?.How);
        Assert.Equal("memory", match!.Spec.DisplayName);
    }

    [Fact]
    public void ClassName_MatchesExactly()
    {
        var match = Registry.Resolve(ComponentKind.Channel, "org.apache.flume.channel.MemoryChannel");

        Assert.Equal(TypeMatchKind.ClassName, match?.How);
        Assert.Same(ChannelSpec("memory"), match!.Spec);
    }

    [Theory]
    [InlineData(ComponentKind.Channel, "org.apache.flume.channel.memorychannel", "memory")]
    [InlineData(ComponentKind.Channel, "ORG.APACHE.FLUME.CHANNEL.MEMORYCHANNEL", "memory")]
    [InlineData(ComponentKind.Source, "org.apache.flume.source.loghub.LoghubSource", "LogHubSource")]
    [InlineData(ComponentKind.Sink, "com.aliyun.loghub.flume.sink.LogHubSink", "LoghubSink")]
    public void ClassName_InWrongCase_IsReportedAsSuch(ComponentKind kind, string type, string displayName)
    {
        var match = Registry.Resolve(kind, type);

        Assert.Equal(TypeMatchKind.ClassNameWrongCase, match?.How);
        Assert.Equal(displayName, match!.Spec.DisplayName);
    }

    [Theory]
    [InlineData(ComponentKind.Source, "netcatt")]
    [InlineData(ComponentKind.Source, " netcat")]
    [InlineData(ComponentKind.Source, "memory")]
    [InlineData(ComponentKind.Channel, "netcat")]
    [InlineData(ComponentKind.Sink, "org.apache.flume.source.AvroSource")]
    [InlineData(ComponentKind.Sink, "")]
    public void UnknownType_OrTypeOfAnotherKind_DoesNotResolve(ComponentKind kind, string type)
    {
        Assert.Null(Registry.Resolve(kind, type));
    }

    [Fact]
    public void SameAlias_InTwoKinds_ResolvesPerKind()
    {
        Assert.Equal("org.apache.flume.source.AvroSource", Registry.Resolve(ComponentKind.Source, "avro")!.Spec.ClassNames[0]);
        Assert.Equal("org.apache.flume.sink.AvroSink", Registry.Resolve(ComponentKind.Sink, "AVRO")!.Spec.ClassNames[0]);
        Assert.Equal(ComponentKind.ChannelSelector, Registry.Resolve(ComponentKind.ChannelSelector, "load_balancing")!.Spec.Kind);
        Assert.Null(Registry.Resolve(ComponentKind.ChannelSelector, "load_balance"));
    }

    [Fact]
    public void Counts_PerKind()
    {
        Assert.Equal(19, Count(ComponentKind.Source));
        Assert.Equal(6, Count(ComponentKind.Channel));
        Assert.Equal(17, Count(ComponentKind.Sink));
        Assert.Equal(3, Count(ComponentKind.SinkProcessor));
        Assert.Equal(3, Count(ComponentKind.ChannelSelector));
        Assert.Equal(12, Count(ComponentKind.Interceptor));
        Assert.Equal(4, Count(ComponentKind.Serializer));
        Assert.Equal(3, Count(ComponentKind.ConfigFilter));
    }

    [Fact]
    public void NoTwoSpecsOfAKind_ShareAnAliasOrClassName()
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var spec in Registry.All)
        {
            foreach (var name in spec.Aliases.Concat(spec.ClassNames))
            {
                Assert.True(seen.Add($"{spec.Kind}:{name}"), $"{spec.Kind} '{name}' is declared twice");
            }
        }
    }

    [Fact]
    public void OptionKeys_AreUniquePerComponent()
    {
        foreach (var spec in Registry.All)
        {
            var duplicates = spec.Options.GroupBy(o => o.Key, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key);
            Assert.True(!duplicates.Any(), $"{spec.DisplayName}: {string.Join(", ", duplicates)}");
        }
    }

    [Fact]
    public void Registry_RejectsDuplicateAliasAndDuplicateOption()
    {
        var a = new ComponentSpec(ComponentKind.Sink, ["x"], ["com.example.X"], "x", []);
        var b = new ComponentSpec(ComponentKind.Sink, ["X"], ["com.example.Y"], "y", []);
        var c = new ComponentSpec(ComponentKind.Sink, [], ["com.example.x"], "z", []);
        var twice = new OptionSpec("k", OptionType.String, "k");
        var d = new ComponentSpec(ComponentKind.Sink, ["d"], ["com.example.D"], "d", [twice, twice]);

        Assert.Throws<ArgumentException>(() => new ComponentRegistry([a, b]));
        Assert.Throws<ArgumentException>(() => new ComponentRegistry([a, c]));
        Assert.Throws<ArgumentException>(() => new ComponentRegistry([d]));
        var sameNameOtherKind = new ComponentSpec(ComponentKind.Source, ["x"], ["com.example.X"], "x", []);
        Assert.Equal(2, new ComponentRegistry([a, sameNameOtherKind]).All.Count);
    }

    [Fact]
    public void NamesOf_ListsAliasesAndClassNamesOfThatKindOnly()
    {
        var names = Registry.NamesOf(ComponentKind.Channel).ToList();

        Assert.Contains("memory", names);
        Assert.Contains("org.apache.flume.channel.MemoryChannel", names);
        Assert.Contains("org.apache.flume.channel.kafka.KafkaChannel", names);
        Assert.DoesNotContain("netcat", names);
        Assert.Equal(6 + 4, names.Count);
    }

    [Fact]
    public void CredentialKeys_AreSecret()
    {
        foreach (var spec in Registry.All)
        {
            foreach (var o in spec.Options)
            {
                Assert.True(!LooksLikeCredential(o.Key) || o.Secret, $"{spec.DisplayName}.{o.Key} should be secret");
            }
        }
    }

    [Fact]
    public void PathsToCredentials_AndIdentifiers_AreNotSecret()
    {
        // A keytab or password file is a path, not the credential itself; IDs and principals are not credentials.
        Assert.False(Option(SinkSpec("hdfs"), "hdfs.kerberosKeytab").Secret);
        Assert.False(Option(SinkSpec("hdfs"), "hdfs.kerberosPrincipal").Secret);
        Assert.False(Option(SourceSpec("jms"), "passwordFile").Secret);
        Assert.False(Option(ChannelSpec("file"), "encryption.keyProvider.keyStorePasswordFile").Secret);
        Assert.False(Option(Emr(), "accessKeyId").Secret);
        Assert.False(Option(Class(ComponentKind.Source, "org.apache.flume.source.twitter.TwitterSource"), "consumerKey").Secret);
    }

    [Theory]
    [InlineData(ComponentKind.Source, "org.apache.flume.source.loghub.LogHubSource", "accessKey")]
    [InlineData(ComponentKind.Source, "org.apache.flume.source.loghub.LogHubSource", "securityToken")]
    [InlineData(ComponentKind.Source, "com.aliyun.loghub.flume.source.LoghubSource", "accessKey")]
    [InlineData(ComponentKind.Sink, "com.aliyun.loghub.flume.sink.LoghubSink", "accessKey")]
    [InlineData(ComponentKind.Sink, "com.aliyun.loghub.flume.sink.LoghubSink", "securityToken")]
    [InlineData(ComponentKind.Source, "avro", "keystore-password")]
    [InlineData(ComponentKind.Source, "http", "keystorePassword")]
    [InlineData(ComponentKind.Source, "http", "SslContextFactory.KeyStorePassword")]
    [InlineData(ComponentKind.Sink, "avro", "truststore-password")]
    [InlineData(ComponentKind.Sink, "irc", "password")]
    [InlineData(ComponentKind.Channel, "jdbc", "db.password")]
    [InlineData(ComponentKind.Source, "org.apache.flume.source.kafka.KafkaSource", "kafka.consumer.sasl.jaas.config")]
    [InlineData(ComponentKind.Sink, "org.apache.flume.sink.kafka.KafkaSink", "kafka.producer.ssl.truststore.password")]
    [InlineData(ComponentKind.Channel, "org.apache.flume.channel.kafka.KafkaChannel", "kafka.producer.sasl.jaas.config")]
    public void KnownCredential_IsSecret(ComponentKind kind, string type, string key)
    {
        var option = Registry.Resolve(kind, type)!.Spec.FindOption(key);

        Assert.NotNull(option);
        Assert.True(option.Secret);
    }

    [Fact]
    public void Kafka_PassthroughWithoutCredential_IsNotSecret()
    {
        var kafka = Class(ComponentKind.Source, "org.apache.flume.source.kafka.KafkaSource");

        Assert.Equal("kafka.consumer.", kafka.FindOption("kafka.consumer.security.protocol")?.Key);
        Assert.False(kafka.FindOption("kafka.consumer.security.protocol")!.Secret);
    }

    [Fact]
    public void MemoryChannel_Defaults()
    {
        var memory = ChannelSpec("memory");

        Assert.Equal("100", Option(memory, "capacity").Default);
        Assert.Equal("100", Option(memory, "transactionCapacity").Default);
        Assert.Equal("3", Option(memory, "keep-alive").Default);
        Assert.Equal(1, Option(memory, "capacity").Min);
        Assert.True(memory.HasTransactionCapacity);
        Assert.True(ChannelSpec("file").HasTransactionCapacity);
        Assert.Equal("10000", Option(ChannelSpec("file"), "transactionCapacity").Default);
        Assert.False(Class(ComponentKind.Channel, "org.apache.flume.channel.kafka.KafkaChannel").HasTransactionCapacity);
    }

    [Fact]
    public void HdfsSink_Defaults()
    {
        var hdfs = SinkSpec("hdfs");

        Assert.Equal("30", Option(hdfs, "hdfs.rollInterval").Default);
        Assert.Equal("1024", Option(hdfs, "hdfs.rollSize").Default);
        Assert.Equal("10", Option(hdfs, "hdfs.rollCount").Default);
        Assert.Equal("100", Option(hdfs, "hdfs.batchSize").Default);
        Assert.Equal("FlumeData", Option(hdfs, "hdfs.filePrefix").Default);
        Assert.Equal(".tmp", Option(hdfs, "hdfs.inUseSuffix").Default);
        Assert.Equal("SequenceFile", Option(hdfs, "hdfs.fileType").Default);
        Assert.Equal("Writable", Option(hdfs, "hdfs.writeFormat").Default);
        Assert.True(Option(hdfs, "hdfs.path").Required);
        Assert.Equal("hdfs.batchSize", hdfs.BatchSizeKey);
    }

    [Fact]
    public void HdfsSink_KeysFlumeIsStrictOrLaxAbout()
    {
        var hdfs = SinkSpec("hdfs");

        Assert.True(Option(hdfs, "hdfs.writeFormat").ChoicesCaseSensitive);
        Assert.False(Option(hdfs, "hdfs.fileType").ChoicesCaseSensitive);
        Assert.Null(Option(hdfs, "hdfs.kerberosPrincipal").IgnoredBecause);
        Assert.Null(Option(hdfs, "hdfs.kerberosKeytab").IgnoredBecause);
        Assert.Null(Option(hdfs, "hdfs.threadsPoolSize").IgnoredBecause);
        Assert.NotNull(Option(hdfs, "hdfs.rollTimerPoolSize").IgnoredBecause);
        Assert.Null(hdfs.FindOption("serializer"));
        Assert.Equal(new SubComponentSlot("serializer", "serializer.", ComponentKind.Serializer, "TEXT") { LoadedAtStart = "every file it opens (the events stay in the channel)" }, Assert.Single(hdfs.Slots));
    }

    [Fact]
    public void EmrLogHubSource_Defaults()
    {
        var emr = Emr();

        Assert.Equal("EMR", emr.Origin);
        Assert.Equal("consumer_1", Option(emr, "consumerGroup").Default);
        Assert.Equal("end", Option(emr, "consumerPosition").Default);
        Assert.Equal(["begin", "end", "special"], Option(emr, "consumerPosition").Choices!.Order());
        Assert.Equal("30000", Option(emr, "heartbeatInterval").Default);
        Assert.Equal("false", Option(emr, "useRecordTime").Default);
        Assert.Equal("false", Option(emr, "fetchInOrder").Default);
        Assert.Equal(TimestampHeader.Always, emr.SetsTimestamp);
        Assert.Equal("batchSize", emr.BatchSizeKey);
        foreach (var key in new[] { "endpoint", "project", "logstore", "accessKeyId", "accessKey" })
        {
            Assert.True(Option(emr, key).Required, key);
        }
        Assert.False(Option(emr, "securityToken").Required);
    }

    [Fact]
    public void AliyunLogHubPlugins_AreFromAliyunLogFlume()
    {
        var source = Class(ComponentKind.Source, "com.aliyun.loghub.flume.source.LoghubSource");
        var sink = Class(ComponentKind.Sink, "com.aliyun.loghub.flume.sink.LoghubSink");

        Assert.Equal("aliyun-log-flume", source.Origin);
        Assert.Equal("aliyun-log-flume", sink.Origin);
        Assert.Equal(TimestampHeader.Always, source.SetsTimestamp);
        Assert.Equal("begin", Option(source, "initialPosition").Default);
        Assert.Equal("30000", Option(source, "heartbeatIntervalMs").Default);
        Assert.Equal("1000", Option(sink, "batchSize").Default);
        Assert.Equal("batchSize", sink.BatchSizeKey);
        Assert.True(Option(sink, "accessKey").Required);
    }

    [Theory]
    [InlineData(ComponentKind.Source, "seq", "batchSize")]
    [InlineData(ComponentKind.Source, "exec", "batchSize")]
    [InlineData(ComponentKind.Source, "spooldir", "batchSize")]
    [InlineData(ComponentKind.Source, "taildir", "batchSize")]
    [InlineData(ComponentKind.Source, "multiport_syslogtcp", "batchSize")]
    [InlineData(ComponentKind.Source, "org.apache.flume.source.StressSource", "batchSize")]
    [InlineData(ComponentKind.Source, "jms", "batchSize")]
    [InlineData(ComponentKind.Source, "org.apache.flume.source.kafka.KafkaSource", "batchSize")]
    [InlineData(ComponentKind.Sink, "null", "batchSize")]
    [InlineData(ComponentKind.Sink, "file_roll", "sink.batchSize")]
    [InlineData(ComponentKind.Sink, "avro", "batch-size")]
    [InlineData(ComponentKind.Sink, "thrift", "batch-size")]
    [InlineData(ComponentKind.Sink, "hdfs", "hdfs.batchSize")]
    [InlineData(ComponentKind.Sink, "hive", "batchSize")]
    [InlineData(ComponentKind.Sink, "hbase", "batchSize")]
    [InlineData(ComponentKind.Sink, "asynchbase", "batchSize")]
    [InlineData(ComponentKind.Sink, "org.apache.flume.sink.kafka.KafkaSink", "flumeBatchSize")]
    public void BatchSizeSupported_NamesItsKey(ComponentKind kind, string type, string key)
    {
        var spec = Registry.Resolve(kind, type)!.Spec;

        Assert.Equal(key, spec.BatchSizeKey);
        Assert.True(long.TryParse(Option(spec, key).Default, out _), $"{type}.{key} needs a numeric default");
    }

    [Theory]
    [InlineData(ComponentKind.Source, "netcat")]
    [InlineData(ComponentKind.Source, "netcatudp")]
    [InlineData(ComponentKind.Source, "avro")]
    [InlineData(ComponentKind.Source, "http")]
    [InlineData(ComponentKind.Source, "syslogtcp")]
    [InlineData(ComponentKind.Sink, "logger")]
    [InlineData(ComponentKind.Sink, "http")]
    [InlineData(ComponentKind.Sink, "org.apache.flume.sink.kudu.KuduSink")]
    public void NotBatchSizeSupported_HasNoBatchSizeKey(ComponentKind kind, string type)
    {
        Assert.Null(Registry.Resolve(kind, type)!.Spec.BatchSizeKey);
    }

    [Theory]
    [InlineData("avro", TimestampHeader.Maybe)]
    [InlineData("thrift", TimestampHeader.Maybe)]
    [InlineData("syslogtcp", TimestampHeader.Maybe)]
    [InlineData("multiport_syslogtcp", TimestampHeader.Maybe)]
    [InlineData("syslogudp", TimestampHeader.Maybe)]
    [InlineData("http", TimestampHeader.Maybe)]
    [InlineData("jms", TimestampHeader.Maybe)]
    [InlineData("taildir", TimestampHeader.Never)]
    [InlineData("netcat", TimestampHeader.Never)]
    [InlineData("spooldir", TimestampHeader.Never)]
    [InlineData("org.apache.flume.source.kafka.KafkaSource", TimestampHeader.Always)]
    public void Source_SaysWhetherItSetsTheTimestampHeader(string type, TimestampHeader expected)
    {
        Assert.Equal(expected, Registry.Resolve(ComponentKind.Source, type)!.Spec.SetsTimestamp);
    }

    [Fact]
    public void FileRoll_HasItsSerializerSlot()
    {
        Assert.Equal(
            new SubComponentSlot("sink.serializer", "sink.serializer.", ComponentKind.Serializer, "TEXT") { LoadedAtStart = "its start" },
            Assert.Single(SinkSpec("file_roll").Slots));
    }

    [Fact]
    public void Slots_DefaultTypes_Resolve()
    {
        foreach (var spec in Registry.All)
        {
            foreach (var slot in spec.Slots)
            {
                Assert.NotNull(Registry.Resolve(slot.Kind, slot.DefaultType));
                Assert.EndsWith(".", slot.Prefix, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData(ComponentKind.Source, "netcat", "bind")]
    [InlineData(ComponentKind.Source, "netcat", "port")]
    [InlineData(ComponentKind.Source, "exec", "command")]
    [InlineData(ComponentKind.Source, "spooldir", "spoolDir")]
    [InlineData(ComponentKind.Source, "taildir", "filegroups")]
    [InlineData(ComponentKind.Source, "avro", "port")]
    [InlineData(ComponentKind.Source, "http", "port")]
    [InlineData(ComponentKind.Source, "syslogtcp", "port")]
    [InlineData(ComponentKind.Sink, "avro", "hostname")]
    [InlineData(ComponentKind.Sink, "file_roll", "sink.directory")]
    [InlineData(ComponentKind.Sink, "http", "endpoint")]
    [InlineData(ComponentKind.ConfigFilter, "external", "command")]
    public void RequiredKey_IsMarkedRequired(ComponentKind kind, string type, string key)
    {
        Assert.True(Option(Registry.Resolve(kind, type)!.Spec, key).Required);
    }

    [Fact]
    public void Taildir_PositionFileHasFlumesDefault()
    {
        Assert.Equal("~/.flume/taildir_position.json", Option(SourceSpec("taildir"), "positionFile").Default);
        Assert.True(SourceSpec("taildir").FindOption("headers.g1.topic")!.IsPrefix);
        Assert.False(Option(SourceSpec("taildir"), "positionFile").Required);
    }

    [Fact]
    public void PrefixOptions_AreFoundForKeysUnderThem()
    {
        var multiplexing = Registry.Resolve(ComponentKind.ChannelSelector, "multiplexing")!.Spec;
        var failover = Registry.Resolve(ComponentKind.SinkProcessor, "failover")!.Spec;

        Assert.Equal("mapping.", multiplexing.FindOption("mapping.US")?.Key);
        Assert.Null(multiplexing.FindOption("mapping."));
        Assert.Equal("priority.", failover.FindOption("priority.k1")?.Key);
        Assert.Equal(OptionType.Int, failover.FindOption("priority.k1")!.Type);
    }

    [Fact]
    public void Options_AreWellFormed()
    {
        foreach (var spec in Registry.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(spec.Description), spec.DisplayName);
            foreach (var o in spec.Options)
            {
                var where = $"{spec.DisplayName}.{o.Key}";
                Assert.False(string.IsNullOrWhiteSpace(o.Description), where);
                Assert.Equal(o.Key.Trim(), o.Key);
                Assert.False(o.IsPrefix && o.Required, where + ": a prefix cannot be required");
                if (o.Type == OptionType.Enum)
                {
                    Assert.NotEmpty(o.Choices!);
                    var cmp = o.ChoicesCaseSensitive ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;
                    Assert.True(o.Default is null || o.Choices!.Contains(o.Default, cmp), where + ": default is not a choice");
                }
                else
                {
                    Assert.Null(o.Choices);
                }
                if (o.Type is OptionType.Bool && o.Default is not null)
                {
                    Assert.Contains(o.Default, new[] { "true", "false" });
                }
            }
        }
    }

    [Fact]
    public void NotPlanned_AreTheJvmOnlyComponents()
    {
        var notPlanned = Registry.All.Where(s => s.Support == SupportLevel.NotPlanned).Select(s => s.DisplayName).Order(StringComparer.Ordinal);

        Assert.Equal(
            ["KuduSink", "MorphlineInterceptor", "ScribeSource", "TwitterSource", "asynchbase", "elasticsearch", "hadoop", "hbase",
             "hbase2", "hive", "jdbc", "jms", "morphline_solr"],
            notPlanned);
        Assert.Equal(SupportLevel.Runnable, SourceSpec("netcat").Support);
        Assert.Equal(SupportLevel.Runnable, SourceSpec("spooldir").Support);
        Assert.Equal(SupportLevel.NotYetSupported, Registry.Resolve(ComponentKind.Sink, "irc")!.Spec.Support);
        Assert.Equal(SupportLevel.Runnable, Registry.Resolve(ComponentKind.ConfigFilter, "env")!.Spec.Support);
    }

    [Fact]
    public void LoadBalancingSelector_SaysFlumeDropsItsSource()
    {
        var spec = Registry.Resolve(ComponentKind.ChannelSelector, "load_balancing")!.Spec;

        Assert.Contains("drops", spec.Description, StringComparison.Ordinal);
        Assert.Equal("round_robin", Option(spec, "policy").Default);
    }

    private static bool LooksLikeCredential(string key)
    {
        var k = key.ToLowerInvariant().Replace("-", string.Empty, StringComparison.Ordinal);
        if (k.EndsWith("file", StringComparison.Ordinal) || k.EndsWith("accesskeyid", StringComparison.Ordinal))
        {
            return false;
        }
        return k.Contains("password", StringComparison.Ordinal) || k.Contains("accesskey", StringComparison.Ordinal)
            || k.Contains("secret", StringComparison.Ordinal) || k.Contains("jaas", StringComparison.Ordinal)
            || (k.Contains("token", StringComparison.Ordinal) && !k.Contains("tokeniz", StringComparison.Ordinal));
    }

    private static int Count(ComponentKind kind) => Registry.All.Count(s => s.Kind == kind);

    private static OptionSpec Option(ComponentSpec spec, string key) =>
        spec.Options.SingleOrDefault(o => o.Key == key) ?? throw new Xunit.Sdk.XunitException($"{spec.DisplayName} has no option {key}");

    private static ComponentSpec SourceSpec(string alias) => Registry.Resolve(ComponentKind.Source, alias)!.Spec;

    private static ComponentSpec ChannelSpec(string alias) => Registry.Resolve(ComponentKind.Channel, alias)!.Spec;

    private static ComponentSpec SinkSpec(string alias) => Registry.Resolve(ComponentKind.Sink, alias)!.Spec;

    private static ComponentSpec Class(ComponentKind kind, string className) => Registry.Resolve(kind, className)!.Spec;

    private static ComponentSpec Emr() => Class(ComponentKind.Source, "org.apache.flume.source.loghub.LogHubSource");
}
