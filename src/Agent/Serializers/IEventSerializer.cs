using FlumeNet.Agent.Core;

namespace FlumeNet.Agent.Serializers;

/// <summary>
/// Writes events to one output stream in a file format (Flume's EventSerializer). <see cref="AfterCreate"/> writes any
/// header of a new file, <see cref="Write"/> one event, <see cref="Flush"/> pushes buffered bytes to the stream,
/// <see cref="BeforeClose"/> writes any trailer. Not thread-safe: one per open file.
/// </summary>
public interface IEventSerializer
{
    void AfterCreate();

    void Write(FlumeEvent e);

    void Flush();

    void BeforeClose();
}
