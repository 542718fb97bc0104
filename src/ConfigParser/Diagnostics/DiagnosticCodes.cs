namespace FlumeNet.ConfigParser.Diagnostics;

/// <summary>
/// The one catalog of diagnostic codes. Codes are stable: tools and golden files depend on them.
/// Codes named after Flume's <c>FlumeConfigurationErrorType</c> mean "Flume records this same error".
/// </summary>
public static class DiagnosticCodes
{
    // Properties syntax (java.util.Properties.load).
    public const string MalformedUnicodeEscape = "MALFORMED_UNICODE_ESCAPE";
    public const string NonAsciiByte = "NON_ASCII_BYTE";
    public const string DuplicateKey = "DUPLICATE_KEY";
    public const string FileNotFound = "FILE_NOT_FOUND";

    // Flume's own FlumeConfigurationErrorType names.
    public const string AgentNameMissing = "AGENT_NAME_MISSING";
    public const string PropertyNameNull = "PROPERTY_NAME_NULL";
    public const string PropertyValueNull = "PROPERTY_VALUE_NULL";
    public const string DuplicateProperty = "DUPLICATE_PROPERTY";
    public const string InvalidProperty = "INVALID_PROPERTY";
    public const string PropertyPartOfAnotherGroup = "PROPERTY_PART_OF_ANOTHER_GROUP";
    public const string AttrsMissing = "ATTRS_MISSING";
    public const string ConfigError = "CONFIG_ERROR";
    public const string AgentConfigurationInvalid = "AGENT_CONFIGURATION_INVALID";

    // FlumeNet's structural findings that Flume drops without an error entry.
    public const string UnknownChannelReference = "UNKNOWN_CHANNEL_REFERENCE";
    public const string ComponentNotListed = "COMPONENT_NOT_LISTED";
    public const string UnusedChannel = "UNUSED_CHANNEL";
    public const string AgentNotFound = "AGENT_NOT_FOUND";
    public const string AgentNameTypo = "AGENT_NAME_TYPO";

    // Substitution and config filters.
    public const string SubstitutionCycle = "SUBSTITUTION_CYCLE";
    public const string SubstitutionTooDeep = "SUBSTITUTION_TOO_DEEP";
    public const string SubstitutionOrder = "SUBSTITUTION_ORDER";
    public const string UnresolvedVariable = "UNRESOLVED_VARIABLE";
    public const string ConfigFilterFailed = "CONFIG_FILTER_FAILED";
    public const string NotSupported = "NOT_SUPPORTED";

    // Semantic checks driven by option specs.
    public const string UnknownType = "UNKNOWN_TYPE";
    public const string NotYetSupported = "NOT_YET_SUPPORTED";
    public const string UnknownKey = "UNKNOWN_KEY";
    public const string BadValue = "BAD_VALUE";
    public const string MissingRequired = "MISSING_REQUIRED";
    public const string BatchExceedsTransaction = "BATCH_EXCEEDS_TRANSACTION_CAPACITY";
    public const string TransactionExceedsCapacity = "TRANSACTION_EXCEEDS_CAPACITY";
    public const string UnknownTimeZone = "UNKNOWN_TIME_ZONE";
    public const string NoTimestampHeader = "NO_TIMESTAMP_HEADER";
    public const string ComponentDropped = "COMPONENT_DROPPED";
    public const string Ignored = "IGNORED";
    public const string NeedsEdit = "NEEDS_EDIT";
}
