package io.netra.analytics.queue;

/**
 * The Lua scripts that change the outage queue. Each runs atomically in Redis, so the entries, the queue's byte
 * count and each tenant's counts change together or not at all, and a bound is checked against the counts the
 * same step changes. Keys, in this order: the stream, its byte count, the events per tenant (hash), the bytes per
 * tenant (hash); {@link #MOVE_IN} also takes the stream it moves entries from. Entries hold the fields {@code row},
 * {@code table} and {@code tenant} (entries of earlier releases have neither: their rows are events, counted in the
 * totals, not per tenant).
 */
final class QueueScripts {

    /** Results of {@link #ENQUEUE} and {@link #MOVE_IN} for a refused part; a part that fit gives its row count. */
    static final long OVER_EVENTS = -1;
    static final long OVER_BYTES = -2;
    static final long OVER_TENANT_EVENTS = -3;
    static final long OVER_TENANT_BYTES = -4;

    /** Shared by the scripts that add: the one place the queue's bounds are checked. */
    private static final String BOUNDS = """
            local function over_bounds(depth, bytes, events, size, max_events, max_bytes)
              if depth + events > max_events then return -1 end
              if bytes + size > max_bytes then return -2 end
              return nil
            end
            local function count_in(tenant, events, size)
              if tenant and tenant ~= '' then
                redis.call('HINCRBY', KEYS[3], tenant, events)
                redis.call('HINCRBY', KEYS[4], tenant, size)
              end
            end
            """;

    /**
     * ARGV: max events, max bytes, then for each part: tenant, the tenant's max events, its max bytes, the number of
     * rows, and for each row its table and the row. Returns, per part, the rows added or why none were. A part is added
     * whole or not at all; the parts that fit are added even when others do not.
     */
    static final RedisScript ENQUEUE = new RedisScript(BOUNDS + """
            local depth = redis.call('XLEN', KEYS[1])
            local bytes = math.max(0, tonumber(redis.call('GET', KEYS[2]) or '0'))
            local max_events, max_bytes = tonumber(ARGV[1]), tonumber(ARGV[2])
            local results, added = {}, 0
            local i = 3
            while i <= #ARGV do
              local tenant, count = ARGV[i], tonumber(ARGV[i + 3])
              local first, last = i + 4, i + 3 + 2 * count
              local size = 0
              for j = first + 1, last, 2 do size = size + #ARGV[j] end
              local result = over_bounds(depth, bytes, count, size, max_events, max_bytes)
              if not result then
                local held = tonumber(redis.call('HGET', KEYS[3], tenant) or '0')
                local held_bytes = tonumber(redis.call('HGET', KEYS[4], tenant) or '0')
                if held + count > tonumber(ARGV[i + 1]) then result = -3
                elseif held_bytes + size > tonumber(ARGV[i + 2]) then result = -4 end
              end
              if not result then
                for j = first, last, 2 do redis.call('XADD', KEYS[1], '*', 'row', ARGV[j + 1], 'table', ARGV[j], 'tenant', tenant) end
                count_in(tenant, count, size)
                depth, bytes, added, result = depth + count, bytes + size, added + size, count
              end
              results[#results + 1] = result
              i = last + 1
            end
            if added > 0 then redis.call('INCRBY', KEYS[2], added) end
            return results
            """);

    /** ARGV: group, entry ids. Acknowledges and deletes together, uncounting each entry; returns how many were deleted. */
    static final RedisScript REMOVE = new RedisScript("""
            local freed, removed = 0, 0
            for i = 2, #ARGV do
              local entry = redis.call('XRANGE', KEYS[1], ARGV[i], ARGV[i])
              redis.call('XACK', KEYS[1], ARGV[1], ARGV[i])
              if #entry == 1 then
                local fields, size, tenant = entry[1][2], 0, nil
                for j = 1, #fields, 2 do
                  if fields[j] == 'row' then size = #fields[j + 1] elseif fields[j] == 'tenant' then tenant = fields[j + 1] end
                end
                freed = freed + size
                if tenant and tenant ~= '' then
                  if redis.call('HINCRBY', KEYS[3], tenant, -1) <= 0 then redis.call('HDEL', KEYS[3], tenant) end
                  if redis.call('HINCRBY', KEYS[4], tenant, -size) <= 0 then redis.call('HDEL', KEYS[4], tenant) end
                end
                removed = removed + redis.call('XDEL', KEYS[1], ARGV[i])
              end
            end
            if redis.call('XLEN', KEYS[1]) == 0 then
              redis.call('SET', KEYS[2], 0)
              redis.call('DEL', KEYS[3], KEYS[4])
            elseif freed > 0 then
              redis.call('DECRBY', KEYS[2], freed)
            end
            return removed
            """);

    /**
     * KEYS[5]: the source stream (the dead letters). ARGV: max events, max bytes, source entry ids. Moves the rows
     * with their tables and tenants, within the queue's bounds only (an operator's requeue is not a tenant's traffic); returns
     * how many moved, or why none did.
     */
    static final RedisScript MOVE_IN = new RedisScript(BOUNDS + """
            local rows, tables, tenants, size = {}, {}, {}, 0
            for i = 3, #ARGV do
              local entry = redis.call('XRANGE', KEYS[5], ARGV[i], ARGV[i])
              if #entry == 1 then
                local fields, row, table, tenant = entry[1][2], nil, '', ''
                for j = 1, #fields, 2 do
                  if fields[j] == 'row' then row = fields[j + 1]
                  elseif fields[j] == 'table' then table = fields[j + 1]
                  elseif fields[j] == 'tenant' then tenant = fields[j + 1] end
                end
                if row then
                  rows[#rows + 1] = row; tables[#tables + 1] = table; tenants[#tenants + 1] = tenant; size = size + #row
                end
              end
            end
            local depth = redis.call('XLEN', KEYS[1])
            local bytes = math.max(0, tonumber(redis.call('GET', KEYS[2]) or '0'))
            local refused = over_bounds(depth, bytes, #rows, size, tonumber(ARGV[1]), tonumber(ARGV[2]))
            if refused then return refused end
            for i = 1, #rows do
              redis.call('XADD', KEYS[1], '*', 'row', rows[i], 'table', tables[i], 'tenant', tenants[i])
              count_in(tenants[i], 1, #rows[i])
            end
            for i = 3, #ARGV do redis.call('XDEL', KEYS[5], ARGV[i]) end
            redis.call('INCRBY', KEYS[2], size)
            return #rows
            """);

    private QueueScripts() {
    }
}
