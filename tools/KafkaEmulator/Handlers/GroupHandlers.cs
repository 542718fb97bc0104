using FlumeNet.Tools.KafkaEmulator.Protocol;

namespace FlumeNet.Tools.KafkaEmulator.Handlers;

/// <summary>FindCoordinator v0–v2, JoinGroup v0–v5, SyncGroup v0–v3, Heartbeat v0–v3, LeaveGroup v0–v3.</summary>
internal static class GroupHandlers
{
    public static void FindCoordinator(BrokerContext ctx, short v, KafkaReader r, KafkaWriter w)
    {
        var key = r.String();
        if (v >= 1)
        {
            r.Int8();
        }
        var fault = ctx.Faults.Take("FindCoordinator", key);
        var error = fault?.Error ?? ErrorCode.None;
        if (v >= 1)
        {
            w.Int32(0);
        }
        w.Int16(error);
        if (v >= 1)
        {
            w.String(error == ErrorCode.None ? null : "fault injected");
        }
        w.Int32(error == ErrorCode.None ? BrokerContext.NodeId : -1).String(ctx.Host).Int32(ctx.Port);
    }

    public static async Task Join(BrokerContext ctx, string clientId, short v, KafkaReader r, KafkaWriter w)
    {
        var groupId = r.String();
        var sessionTimeout = r.Int32();
        var rebalanceTimeout = v >= 1 ? r.Int32() : sessionTimeout;
        var memberId = r.String();
        var instanceId = v >= 5 ? r.NullableString() : null;
        var protocolType = r.String();
        var protocols = r.Array(x => (x.String(), x.Bytes()));
        var result = await ctx.Groups.Get(groupId)
            .Join(memberId, clientId, instanceId, sessionTimeout, rebalanceTimeout, protocolType, protocols)
            .ConfigureAwait(false);
        if (v >= 2)
        {
            w.Int32(0);
        }
        w.Int16(result.Error).Int32(result.Generation).String(result.Protocol).String(result.Leader).String(result.MemberId);
        w.Int32(result.Members.Count);
        foreach (var (id, instance, metadata) in result.Members)
        {
            w.String(id);
            if (v >= 5)
            {
                w.String(instance);
            }
            w.Bytes(metadata);
        }
    }

    public static async Task Sync(BrokerContext ctx, short v, KafkaReader r, KafkaWriter w)
    {
        var groupId = r.String();
        var generation = r.Int32();
        var memberId = r.String();
        if (v >= 3)
        {
            r.NullableString();
        }
        var assignments = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (id, bytes) in r.Array(x => (x.String(), x.Bytes())))
        {
            assignments[id] = bytes;
        }
        var group = ctx.Groups.Find(groupId);
        var result = group is null
            ? new Groups.SyncResult(ErrorCode.UnknownMemberId, [])
            : await group.Sync(memberId, generation, assignments).ConfigureAwait(false);
        if (v >= 1)
        {
            w.Int32(0);
        }
        w.Int16(result.Error).Bytes(result.Assignment);
    }

    public static void Heartbeat(BrokerContext ctx, short v, KafkaReader r, KafkaWriter w)
    {
        var groupId = r.String();
        var generation = r.Int32();
        var memberId = r.String();
        if (v >= 3)
        {
            r.NullableString();
        }
        var error = ctx.Groups.Find(groupId)?.Heartbeat(memberId, generation) ?? ErrorCode.UnknownMemberId;
        if (v >= 1)
        {
            w.Int32(0);
        }
        w.Int16(error);
    }

    public static void Leave(BrokerContext ctx, short v, KafkaReader r, KafkaWriter w)
    {
        var groupId = r.String();
        var members = v >= 3
            ? r.Array(x => (Id: x.String(), Instance: x.NullableString()))
            : [(Id: r.String(), Instance: (string?)null)];
        var group = ctx.Groups.Find(groupId);
        var errors = members.Select(m => group?.Leave(m.Id) ?? ErrorCode.UnknownMemberId).ToList();
        if (v >= 1)
        {
            w.Int32(0);
        }
        if (v < 3)
        {
            w.Int16(errors[0]);
            return;
        }
        w.Int16(ErrorCode.None).Int32(members.Count);
        for (var i = 0; i < members.Count; i++)
        {
            w.String(members[i].Id).String(members[i].Instance).Int16(errors[i]);
        }
    }
}
