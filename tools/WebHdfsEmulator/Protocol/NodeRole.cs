namespace FlumeNet.Tools.WebHdfsEmulator.Protocol;

/// <summary>
/// Which side of the two-step protocol a request hits: the NameNode (metadata, redirects) or the DataNode
/// (file bytes). In HttpFS mode the upload request (data=true) and OPEN play the DataNode role.
/// </summary>
public enum NodeRole
{
    NameNode,
    DataNode,
}
