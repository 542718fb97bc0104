using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Sources.SpoolDir.Deserializers;

/// <summary>
/// Turns one spooled file into events (Flume's EventDeserializer). <see cref="Position"/> is where reading resumes
/// when everything returned so far is committed, stored in the tracker; <see cref="Seek"/> goes back to such a
/// position (a refused batch, a restart mid-file). One reader thread per instance.
/// </summary>
internal interface ISpoolDeserializer : IDisposable
{
    long Position { get; }

    /// <summary>Appends up to <paramref name="max"/> events; none at the end of the file.</summary>
    /// <exception cref="System.Text.DecoderFallbackException">Undecodable text under <c>decodeErrorPolicy = FAIL</c>.</exception>
    /// <exception cref="InvalidDataException">The file is not in the deserializer's format.</exception>
    void ReadEvents(int max, List<FlumeEvent> events);

    void Seek(long position);
}

/// <summary>Builds a deserializer over an open file.</summary>
internal delegate ISpoolDeserializer SpoolDeserializerFactory(FileStream file);
