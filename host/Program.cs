using SkPlugins.Host.CommandLine;

return await SkPluginsCli.RunAsync(args);
