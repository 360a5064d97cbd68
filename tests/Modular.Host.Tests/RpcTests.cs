using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text.Json;
using Modular.Testing;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace Modular.Host.Tests;

public sealed class RpcTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await TestHost.StartAsync(TestHost.ConfigWith(Fixtures.Sample(new { echoListen = "127.0.0.1:0" })));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Host_ping_answers_pong()
    {
        using var rpc = await _host.ConnectAsync();

        Assert.Equal("pong", await rpc.InvokeWithParameterObjectAsync<string>("host.ping"));
    }

    [Fact]
    public async Task Host_plugins_lists_id_version_role_methods_and_bound_listeners()
    {
        using var rpc = await _host.ConnectAsync();

        var plugins = await rpc.InvokeWithParameterObjectAsync<JsonElement>("host.plugins");

        var host = plugins.EnumerateArray().Single(p => p.GetProperty("id").GetString() == "host");
        Assert.Equal(_host.RpcUri.Port, IPEndPoint.Parse(host.GetProperty("listeners").GetProperty("rpc").GetString()!).Port);
        var sample = plugins.EnumerateArray().Single(p => p.GetProperty("id").GetString() == "sample");
        Assert.Equal("1.0.0", sample.GetProperty("version").GetString());
        Assert.Equal("server", sample.GetProperty("role").GetString());
        var methods = sample.GetProperty("methods").EnumerateArray().Select(m => m.GetString()).ToList();
        Assert.Contains("sample.greet", methods);
        Assert.Contains("sample.remember", methods);
        Assert.Contains("sample.adminOnly", methods);
        var echo = IPEndPoint.Parse(sample.GetProperty("listeners").GetProperty("echo").GetString()!);
        Assert.NotEqual(0, echo.Port);
        Assert.Equal(_host.Listeners.Get("sample", "echo"), echo);
    }

    [Fact]
    public async Task A_plugin_tcp_listener_bound_to_port_0_serves_on_the_reported_port()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(_host.Listeners.Get("sample", "echo"));
        var stream = client.GetStream();

        await stream.WriteAsync("ping"u8.ToArray());
        var buffer = new byte[4];
        await stream.ReadExactlyAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("ping"u8.ToArray(), buffer);
    }

    [Fact]
    public async Task Plugin_http_routes_live_under_the_plugin_id_and_admin_routes_need_a_token()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://{_host.RpcUri.Authority}") };

        Assert.Equal("hello", await http.GetStringAsync("/sample/hello"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/sample/secret")).StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/sample/secret");
        request.Headers.Authorization = new("Bearer", TestHost.AdminToken);
        Assert.Equal("admin ok", await (await http.SendAsync(request)).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Rpc_targets_are_created_per_connection()
    {
        using var first = await _host.ConnectAsync();
        using var second = await _host.ConnectAsync();

        await first.InvokeWithParameterObjectAsync<int>("sample.count");
        Assert.Equal(2, await first.InvokeWithParameterObjectAsync<int>("sample.count"));
        Assert.Equal(1, await second.InvokeWithParameterObjectAsync<int>("sample.count"));
    }

    [Fact]
    public async Task A_plugin_can_notify_the_peer()
    {
        var received = new TaskCompletionSource<string>();
        using var rpc = await _host.ConnectAsync(configure: r => r.AddLocalRpcMethod("sample.notice", (string text) => received.TrySetResult(text)));

        await rpc.InvokeWithParameterObjectAsync("sample.notifyMe", new { text = "hi" });

        Assert.Equal("hi", await received.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task The_state_store_keeps_values_across_connections()
    {
        using (var rpc = await _host.ConnectAsync())
        {
            await rpc.InvokeWithParameterObjectAsync<string>("sample.remember", new { key = "k", value = "v" });
        }
        using var again = await _host.ConnectAsync();

        Assert.Equal("v", await again.InvokeWithParameterObjectAsync<string>("sample.remember", new { key = "k", value = (string?)null }));
    }

    [Fact]
    public async Task Malformed_json_gets_a_parse_error_and_the_connection_stays_open()
    {
        using var socket = await RawWebSocket.ConnectAsync(_host.RpcUri);

        await socket.SendAsync("{\"jsonrpc\": \"2.0\", \"method\": ");
        var error = JsonDocument.Parse((await socket.ReceiveAsync())!).RootElement;
        await socket.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"host.ping\"}");
        var pong = JsonDocument.Parse((await socket.ReceiveAsync())!).RootElement;

        Assert.Equal(-32700, error.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(JsonValueKind.Null, error.GetProperty("id").ValueKind);
        Assert.Equal("pong", pong.GetProperty("result").GetString());
    }

    [Fact]
    public async Task Json_that_is_not_a_request_gets_invalid_request_with_its_id()
    {
        using var socket = await RawWebSocket.ConnectAsync(_host.RpcUri);

        await socket.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":42}");
        var error = JsonDocument.Parse((await socket.ReceiveAsync())!).RootElement;

        Assert.Equal(-32600, error.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(3, error.GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task An_unknown_method_gets_method_not_found_and_the_connection_stays_open()
    {
        using var rpc = await _host.ConnectAsync();

        var error = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() => rpc.InvokeWithParameterObjectAsync<string>("sample.nosuch"));

        Assert.Equal(JsonRpcErrorCode.MethodNotFound, error.ErrorCode);
        Assert.Equal("pong", await rpc.InvokeWithParameterObjectAsync<string>("host.ping"));
    }

    [Fact]
    public async Task Wrong_params_get_invalid_params_and_the_connection_stays_open()
    {
        using var socket = await RawWebSocket.ConnectAsync(_host.RpcUri);

        await socket.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sample.add\",\"params\":{\"a\":\"two\",\"b\":3}}");
        var error = JsonDocument.Parse((await socket.ReceiveAsync())!).RootElement;
        await socket.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"sample.add\",\"params\":{\"a\":2,\"b\":3}}");
        var sum = JsonDocument.Parse((await socket.ReceiveAsync())!).RootElement;

        Assert.Equal(-32602, error.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(5, sum.GetProperty("result").GetInt32());
    }

    [Fact]
    public async Task A_method_that_throws_returns_an_error_without_details_and_the_connection_stays_usable()
    {
        using var socket = await RawWebSocket.ConnectAsync(_host.RpcUri);

        await socket.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sample.throw\"}");
        var text = (await socket.ReceiveAsync())!;
        await socket.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"host.ping\"}");
        var pong = JsonDocument.Parse((await socket.ReceiveAsync())!).RootElement;

        var error = JsonDocument.Parse(text).RootElement.GetProperty("error");
        Assert.Equal(-32603, error.GetProperty("code").GetInt32());
        Assert.Equal("internal error", error.GetProperty("message").GetString());
        Assert.DoesNotContain("sensitive", text);
        Assert.DoesNotContain("at Fixtures", text);
        Assert.DoesNotContain("InvalidOperationException", text);
        Assert.Equal("pong", pong.GetProperty("result").GetString());
    }

    [Fact]
    public async Task A_deliberate_rpc_error_keeps_its_code_and_message()
    {
        using var rpc = await _host.ConnectAsync();

        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => rpc.InvokeWithParameterObjectAsync<string>("sample.fail", new { code = -20042 }));

        Assert.Equal(-20042, error.ErrorCode);
        Assert.Equal("failed on purpose", error.Message);
    }

    [Fact]
    public async Task A_message_over_the_limit_closes_the_connection_with_1009()
    {
        using var socket = await RawWebSocket.ConnectAsync(_host.RpcUri);

        await socket.SendAsync(new byte[1024 * 1024 + 1]);

        Assert.Null(await socket.ReceiveAsync());
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, socket.CloseStatus);
    }

    [Fact]
    public async Task A_message_at_the_limit_is_accepted()
    {
        using var socket = await RawWebSocket.ConnectAsync(_host.RpcUri);
        var prefix = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sample.greet\",\"params\":{\"name\":\"";
        var suffix = "\"}}";
        var message = prefix + new string('x', 1024 * 1024 - prefix.Length - suffix.Length) + suffix;

        await socket.SendAsync(message);

        Assert.StartsWith("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"hello, xxx", await socket.ReceiveAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token-0123456789abcdef")]
    public async Task An_admin_only_method_without_a_valid_token_is_unauthorized(string? token)
    {
        using var rpc = await RpcClientFor(token);

        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => rpc.InvokeWithParameterObjectAsync<string>("sample.adminOnly"));

        Assert.Equal(-32001, error.ErrorCode);
        Assert.Equal("unauthorized", error.Message);
        Assert.Equal("pong", await rpc.InvokeWithParameterObjectAsync<string>("host.ping"));
    }

    [Fact]
    public async Task An_admin_only_method_with_a_valid_token_runs()
    {
        using var rpc = await _host.ConnectAsync(admin: true);

        Assert.Equal("admin ok", await rpc.InvokeWithParameterObjectAsync<string>("sample.adminOnly"));
    }

    [Fact]
    public async Task A_plain_http_request_to_rpc_is_told_to_use_a_websocket()
    {
        using var http = new HttpClient();

        var response = await http.GetAsync($"http://{_host.RpcUri.Authority}/rpc");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("WebSocket", await response.Content.ReadAsStringAsync());
    }

    private Task<JsonRpc> RpcClientFor(string? token) => Modular.Sdk.Rpc.RpcClient.ConnectAsync(_host.RpcUri, token);
}
