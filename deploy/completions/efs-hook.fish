function __efs-hook_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __efs-hook_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __efs-hook_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __efs-hook_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __efs-hook_parse_tokens -S
    set -l unparsed_tokens (__efs-hook_tokens -pc)
    switch $unparsed_tokens[1]
    case 'efs-hook'
        __efs-hook_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'plan'
            __efs-hook_parse_subcommand 1 'config=' 'provider=' 'state-dir=' 'mount-root=' 'local-root=' 'launch-deadline-seconds=' 'log-level=' 'message=' 'format=' 'json' 'online' 'front-end=' 'rootfs=' 'sandbox=' 'version' 'h/help'
        case 'prepare'
            __efs-hook_parse_subcommand 1 'config=' 'provider=' 'state-dir=' 'mount-root=' 'local-root=' 'launch-deadline-seconds=' 'log-level=' 'message=' 'format=' 'container-id=' 'rootfs=' 'sandbox=' 'launch-info' 'version' 'h/help'
        case 'cleanup'
            __efs-hook_parse_subcommand 0 'config=' 'provider=' 'state-dir=' 'mount-root=' 'local-root=' 'launch-deadline-seconds=' 'log-level=' 'container-id=' 'json' 'version' 'h/help'
        case 'recover'
            __efs-hook_parse_subcommand 0 'config=' 'provider=' 'state-dir=' 'mount-root=' 'local-root=' 'launch-deadline-seconds=' 'log-level=' 'live=+' 'live-from=' 'no-live-containers' 'json' 'version' 'h/help'
        case 'isolator'
            __efs-hook_parse_subcommand 4 'config=' 'provider=' 'state-dir=' 'mount-root=' 'local-root=' 'launch-deadline-seconds=' 'log-level=' 'version' 'h/help'
        case 'hook'
            __efs-hook_parse_subcommand 4 'config=' 'provider=' 'state-dir=' 'mount-root=' 'local-root=' 'launch-deadline-seconds=' 'log-level=' 'version' 'h/help'
        case 'dvdcli'
            __efs-hook_parse_subcommand -r 1 'version' 'h/help'
        case 'migrate'
            __efs-hook_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'rexray'
                __efs-hook_parse_subcommand 0 'config=' 'env-file=' 'online' 'log-level=' 'json' 'version' 'h/help'
            end
        case 'status'
            __efs-hook_parse_subcommand 0 'config=' 'provider=' 'state-dir=' 'mount-root=' 'local-root=' 'launch-deadline-seconds=' 'log-level=' 'json' 'version' 'h/help'
        case 'remove'
            __efs-hook_parse_subcommand 1 'config=' 'provider=' 'state-dir=' 'mount-root=' 'local-root=' 'launch-deadline-seconds=' 'log-level=' 'file-system-id=' 'dry-run' 'yes' 'json' 'version' 'h/help'
        case 'gc'
            __efs-hook_parse_subcommand 0 'config=' 'provider=' 'state-dir=' 'mount-root=' 'local-root=' 'launch-deadline-seconds=' 'log-level=' 'dry-run' 'yes' 'json' 'version' 'h/help'
        case 'doctor'
            __efs-hook_parse_subcommand 0 'config=' 'provider=' 'state-dir=' 'mount-root=' 'local-root=' 'launch-deadline-seconds=' 'log-level=' 'agent-flags=' 'csi-endpoint=' 'json' 'version' 'h/help'
        case 'config'
            __efs-hook_parse_subcommand 0 'config=' 'provider=' 'state-dir=' 'mount-root=' 'local-root=' 'launch-deadline-seconds=' 'log-level=' 'json' 'version' 'h/help'
        case 'serve'
            __efs-hook_parse_subcommand 0 'config=' 'provider=' 'state-dir=' 'mount-root=' 'local-root=' 'launch-deadline-seconds=' 'log-level=' 'socket=' 'driver=' 'metrics=' 'version' 'h/help'
        case 'csi'
            __efs-hook_parse_subcommand 0 'config=' 'provider=' 'state-dir=' 'mount-root=' 'local-root=' 'launch-deadline-seconds=' 'log-level=' 'endpoint=' 'services=' 'version' 'h/help'
        case 'policy'
            __efs-hook_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'check'
                __efs-hook_parse_subcommand 1 'config=' 'provider=' 'state-dir=' 'mount-root=' 'local-root=' 'launch-deadline-seconds=' 'log-level=' 'message=' 'format=' 'front-end=' 'json' 'version' 'h/help'
            end
        case 'provision'
            __efs-hook_parse_subcommand 1 'config=' 'provider=' 'state-dir=' 'mount-root=' 'local-root=' 'launch-deadline-seconds=' 'log-level=' 'message=' 'format=' 'volume=' 'option=+' 'driver=' 'front-end=' 'dry-run' 'version' 'h/help'
        case 'metrics'
            __efs-hook_parse_subcommand 0 'config=' 'provider=' 'state-dir=' 'mount-root=' 'local-root=' 'launch-deadline-seconds=' 'log-level=' 'version' 'h/help'
        case 'audit'
            __efs-hook_parse_subcommand 0 'config=' 'provider=' 'state-dir=' 'mount-root=' 'local-root=' 'launch-deadline-seconds=' 'log-level=' 'since=' 'volume=' 'json' 'version' 'h/help'
        case 'debug'
            __efs-hook_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'failpoints'
                __efs-hook_parse_subcommand 0 'version' 'h/help'
            end
        case 'help'
            __efs-hook_parse_subcommand -r 1 'version'
        end
    end
end

function __efs-hook_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __efs-hook_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __efs-hook_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __efs-hook_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__efs-hook_tokens -p)
    if test -z "$(__efs-hook_tokens -t)"
        set -l index (count (__efs-hook_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'efs-hook' -f
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook" version' -l 'version' -d 'Show the version.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_positional "efs-hook" -eq 1' -fa 'plan' -d 'Show the volumes in a task and the steps prepare would take. Changes nothing.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_positional "efs-hook" -eq 1' -fa 'prepare' -d 'Provision, mount and bind a container\'s EFS volumes before it starts.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_positional "efs-hook" -eq 1' -fa 'cleanup' -d 'Release a container\'s volumes after it exits.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_positional "efs-hook" -eq 1' -fa 'recover' -d 'Reconcile state with reality after an agent restart or a host reboot.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_positional "efs-hook" -eq 1' -fa 'isolator' -d 'Mesos isolator through the external-command module (criteo/mesos-command-modules).'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_positional "efs-hook" -eq 1' -fa 'hook' -d 'Mesos agent hook (criteo CommandHook): keeps Aurora jobs\' EFS metadata for the isolator.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_positional "efs-hook" -eq 1' -fa 'dvdcli' -d 'Drop-in dvdcli for Mesos\' docker/volume isolator.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_positional "efs-hook" -eq 1' -fa 'migrate' -d 'Import another volume tool\'s configuration (REX-Ray).'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_positional "efs-hook" -eq 1' -fa 'status' -d 'Show the volumes mounted on this host and the containers using each.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_positional "efs-hook" -eq 1' -fa 'remove' -d 'Delete a volume\'s EFS resources (its data is gone for good).'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_positional "efs-hook" -eq 1' -fa 'gc' -d 'List, and with --yes delete, this cluster\'s efs-hook resources that nothing uses.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_positional "efs-hook" -eq 1' -fa 'doctor' -d 'Check that this agent is ready for efs-hook, and say how to fix what is not.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_positional "efs-hook" -eq 1' -fa 'config' -d 'Print the effective configuration (defaults, file, then flags).'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_positional "efs-hook" -eq 1' -fa 'serve' -d 'Run the Docker volume plugin daemon (docker volume create -d efs, docker run -v VOL:/path).'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_positional "efs-hook" -eq 1' -fa 'csi' -d 'Run the CSI plugin (Mesos\' volume/csi isolator, Nomad, Kubernetes) on a unix socket.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_positional "efs-hook" -eq 1' -fa 'policy' -d 'Explain the tenant policy\'s decisions.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_positional "efs-hook" -eq 1' -fa 'provision' -d 'Create a volume\'s EFS resources ahead of any launch, in every configured zone, and wait for them.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_positional "efs-hook" -eq 1' -fa 'metrics' -d 'Print the launch path\'s Prometheus metrics (the textfile node_exporter reads).'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_positional "efs-hook" -eq 1' -fa 'audit' -d 'Print the audit trail: every mount, bind, refusal, release and deletion.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_positional "efs-hook" -eq 1' -fa 'debug' -d 'Tools for testing efs-hook itself.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_positional "efs-hook" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook plan" config' -l 'config' -d 'Configuration file (default: $EFS_HOOK_CONFIG, else /etc/efs-hook/config.yaml).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook plan" provider' -l 'provider' -d 'Override the provider: efs or local.' -rfka 'efs local'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook plan" state-dir' -l 'state-dir' -d 'Override stateDir.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook plan" mount-root' -l 'mount-root' -d 'Override mountRoot.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook plan" local-root' -l 'local-root' -d 'Override local.root.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook plan" launch-deadline-seconds' -l 'launch-deadline-seconds' -d 'Override launchDeadlineSeconds: all the waiting of one launch (default 100; keep it under the caller\'s own timeout).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook plan" log-level' -l 'log-level' -d 'trace, debug, info, notice, warning, error or critical (default: $EFS_HOOK_LOG_LEVEL, else notice).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook plan" message' -l 'message' -d 'task-info, executor-info, container-config or isolator-request (default: task-info for binary input, inferred from the keys for JSON).' -rfka 'task-info executor-info container-config isolator-request'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook plan" format' -l 'format' -d 'auto, binary or json.' -rfka 'auto binary json'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook plan" json' -l 'json' -d 'Print JSON: {volumes, ignored, policy, steps, resolution}.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook plan" online' -l 'online' -d 'Also make read-only EFS describe calls and say what already exists.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook plan" front-end' -l 'front-end' -d 'The front end whose policy decisions to show (isolator, prepare, dvdcli, docker).' -rfka 'isolator prepare dvdcli docker csi'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook plan" rootfs' -l 'rootfs' -d 'Plan binds under this rootfs.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook plan" sandbox' -l 'sandbox' -d 'Plan relative container paths under this sandbox.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook plan" version' -l 'version' -d 'Show the version.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook plan" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook prepare" config' -l 'config' -d 'Configuration file (default: $EFS_HOOK_CONFIG, else /etc/efs-hook/config.yaml).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook prepare" provider' -l 'provider' -d 'Override the provider: efs or local.' -rfka 'efs local'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook prepare" state-dir' -l 'state-dir' -d 'Override stateDir.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook prepare" mount-root' -l 'mount-root' -d 'Override mountRoot.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook prepare" local-root' -l 'local-root' -d 'Override local.root.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook prepare" launch-deadline-seconds' -l 'launch-deadline-seconds' -d 'Override launchDeadlineSeconds: all the waiting of one launch (default 100; keep it under the caller\'s own timeout).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook prepare" log-level' -l 'log-level' -d 'trace, debug, info, notice, warning, error or critical (default: $EFS_HOOK_LOG_LEVEL, else notice).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook prepare" message' -l 'message' -d 'task-info, executor-info, container-config or isolator-request (default: task-info for binary input, inferred from the keys for JSON).' -rfka 'task-info executor-info container-config isolator-request'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook prepare" format' -l 'format' -d 'auto, binary or json.' -rfka 'auto binary json'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook prepare" container-id' -l 'container-id' -d 'The Mesos container id.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook prepare" rootfs' -l 'rootfs' -d 'The container\'s root file system on the host.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook prepare" sandbox' -l 'sandbox' -d 'The container\'s sandbox on the host (for relative container paths).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook prepare" launch-info' -l 'launch-info' -d 'Do not bind; print a Mesos ContainerLaunchInfo (JSON) whose mounts Mesos performs.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook prepare" version' -l 'version' -d 'Show the version.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook prepare" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook cleanup" config' -l 'config' -d 'Configuration file (default: $EFS_HOOK_CONFIG, else /etc/efs-hook/config.yaml).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook cleanup" provider' -l 'provider' -d 'Override the provider: efs or local.' -rfka 'efs local'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook cleanup" state-dir' -l 'state-dir' -d 'Override stateDir.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook cleanup" mount-root' -l 'mount-root' -d 'Override mountRoot.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook cleanup" local-root' -l 'local-root' -d 'Override local.root.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook cleanup" launch-deadline-seconds' -l 'launch-deadline-seconds' -d 'Override launchDeadlineSeconds: all the waiting of one launch (default 100; keep it under the caller\'s own timeout).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook cleanup" log-level' -l 'log-level' -d 'trace, debug, info, notice, warning, error or critical (default: $EFS_HOOK_LOG_LEVEL, else notice).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook cleanup" container-id' -l 'container-id' -d 'The Mesos container id.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook cleanup" json' -l 'json' -d 'Print JSON.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook cleanup" version' -l 'version' -d 'Show the version.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook cleanup" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook recover" config' -l 'config' -d 'Configuration file (default: $EFS_HOOK_CONFIG, else /etc/efs-hook/config.yaml).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook recover" provider' -l 'provider' -d 'Override the provider: efs or local.' -rfka 'efs local'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook recover" state-dir' -l 'state-dir' -d 'Override stateDir.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook recover" mount-root' -l 'mount-root' -d 'Override mountRoot.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook recover" local-root' -l 'local-root' -d 'Override local.root.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook recover" launch-deadline-seconds' -l 'launch-deadline-seconds' -d 'Override launchDeadlineSeconds: all the waiting of one launch (default 100; keep it under the caller\'s own timeout).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook recover" log-level' -l 'log-level' -d 'trace, debug, info, notice, warning, error or critical (default: $EFS_HOOK_LOG_LEVEL, else notice).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook recover"' -l 'live' -d 'A container that is still running (repeatable).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook recover" live-from' -l 'live-from' -d 'A file listing live container ids, one per line (- for stdin).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook recover" no-live-containers' -l 'no-live-containers' -d 'No container is live: release every container record (instead of a list).'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook recover" json' -l 'json' -d 'Print JSON.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook recover" version' -l 'version' -d 'Show the version.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook recover" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook isolator" config' -l 'config' -d 'Configuration file (default: $EFS_HOOK_CONFIG, else /etc/efs-hook/config.yaml).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook isolator" provider' -l 'provider' -d 'Override the provider: efs or local.' -rfka 'efs local'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook isolator" state-dir' -l 'state-dir' -d 'Override stateDir.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook isolator" mount-root' -l 'mount-root' -d 'Override mountRoot.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook isolator" local-root' -l 'local-root' -d 'Override local.root.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook isolator" launch-deadline-seconds' -l 'launch-deadline-seconds' -d 'Override launchDeadlineSeconds: all the waiting of one launch (default 100; keep it under the caller\'s own timeout).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook isolator" log-level' -l 'log-level' -d 'trace, debug, info, notice, warning, error or critical (default: $EFS_HOOK_LOG_LEVEL, else notice).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_positional "efs-hook isolator" -eq 1' -fka 'prepare isolate cleanup watch usage'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook isolator" version' -l 'version' -d 'Show the version.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook isolator" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook hook" config' -l 'config' -d 'Configuration file (default: $EFS_HOOK_CONFIG, else /etc/efs-hook/config.yaml).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook hook" provider' -l 'provider' -d 'Override the provider: efs or local.' -rfka 'efs local'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook hook" state-dir' -l 'state-dir' -d 'Override stateDir.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook hook" mount-root' -l 'mount-root' -d 'Override mountRoot.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook hook" local-root' -l 'local-root' -d 'Override local.root.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook hook" launch-deadline-seconds' -l 'launch-deadline-seconds' -d 'Override launchDeadlineSeconds: all the waiting of one launch (default 100; keep it under the caller\'s own timeout).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook hook" log-level' -l 'log-level' -d 'trace, debug, info, notice, warning, error or critical (default: $EFS_HOOK_LOG_LEVEL, else notice).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_positional "efs-hook hook" -eq 1' -fka 'run-task-labels'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook hook" version' -l 'version' -d 'Show the version.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook hook" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook dvdcli" version' -l 'version' -d 'Show the version.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook dvdcli" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook migrate" version' -l 'version' -d 'Show the version.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook migrate" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_positional "efs-hook migrate" -eq 1' -fa 'rexray' -d 'Print the efs-hook config.yaml equivalent to REX-Ray\'s EFS configuration.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook migrate rexray" config' -l 'config' -d 'REX-Ray\'s configuration.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook migrate rexray" env-file' -l 'env-file' -d 'KEY=VALUE lines: the environment of REX-Ray\'s Docker plugin.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook migrate rexray" online' -l 'online' -d 'Also list REX-Ray\'s volumes in the account and what efs-hook will do with each.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook migrate rexray" log-level' -l 'log-level' -d 'Log level (stderr).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook migrate rexray" json' -l 'json' -d 'Print JSON: the configuration, its YAML, the warnings and (--online) the volumes.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook migrate rexray" version' -l 'version' -d 'Show the version.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook migrate rexray" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook status" config' -l 'config' -d 'Configuration file (default: $EFS_HOOK_CONFIG, else /etc/efs-hook/config.yaml).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook status" provider' -l 'provider' -d 'Override the provider: efs or local.' -rfka 'efs local'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook status" state-dir' -l 'state-dir' -d 'Override stateDir.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook status" mount-root' -l 'mount-root' -d 'Override mountRoot.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook status" local-root' -l 'local-root' -d 'Override local.root.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook status" launch-deadline-seconds' -l 'launch-deadline-seconds' -d 'Override launchDeadlineSeconds: all the waiting of one launch (default 100; keep it under the caller\'s own timeout).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook status" log-level' -l 'log-level' -d 'trace, debug, info, notice, warning, error or critical (default: $EFS_HOOK_LOG_LEVEL, else notice).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook status" json' -l 'json' -d 'Print JSON.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook status" version' -l 'version' -d 'Show the version.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook status" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook remove" config' -l 'config' -d 'Configuration file (default: $EFS_HOOK_CONFIG, else /etc/efs-hook/config.yaml).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook remove" provider' -l 'provider' -d 'Override the provider: efs or local.' -rfka 'efs local'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook remove" state-dir' -l 'state-dir' -d 'Override stateDir.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook remove" mount-root' -l 'mount-root' -d 'Override mountRoot.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook remove" local-root' -l 'local-root' -d 'Override local.root.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook remove" launch-deadline-seconds' -l 'launch-deadline-seconds' -d 'Override launchDeadlineSeconds: all the waiting of one launch (default 100; keep it under the caller\'s own timeout).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook remove" log-level' -l 'log-level' -d 'trace, debug, info, notice, warning, error or critical (default: $EFS_HOOK_LOG_LEVEL, else notice).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook remove" file-system-id' -l 'file-system-id' -d 'The file system holding the volume\'s access point (default: efs.fileSystemId).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook remove" dry-run' -l 'dry-run' -d 'Only say what would be deleted and why.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook remove" yes' -l 'yes' -d 'Delete without asking.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook remove" json' -l 'json' -d 'Print the candidates, their evidence and what was deleted as JSON.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook remove" version' -l 'version' -d 'Show the version.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook remove" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook gc" config' -l 'config' -d 'Configuration file (default: $EFS_HOOK_CONFIG, else /etc/efs-hook/config.yaml).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook gc" provider' -l 'provider' -d 'Override the provider: efs or local.' -rfka 'efs local'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook gc" state-dir' -l 'state-dir' -d 'Override stateDir.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook gc" mount-root' -l 'mount-root' -d 'Override mountRoot.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook gc" local-root' -l 'local-root' -d 'Override local.root.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook gc" launch-deadline-seconds' -l 'launch-deadline-seconds' -d 'Override launchDeadlineSeconds: all the waiting of one launch (default 100; keep it under the caller\'s own timeout).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook gc" log-level' -l 'log-level' -d 'trace, debug, info, notice, warning, error or critical (default: $EFS_HOOK_LOG_LEVEL, else notice).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook gc" dry-run' -l 'dry-run' -d 'Only list (the default without --yes).'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook gc" yes' -l 'yes' -d 'Delete what is listed as deletable.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook gc" json' -l 'json' -d 'Print the candidates, their evidence and what was deleted as JSON.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook gc" version' -l 'version' -d 'Show the version.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook gc" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook doctor" config' -l 'config' -d 'Configuration file (default: $EFS_HOOK_CONFIG, else /etc/efs-hook/config.yaml).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook doctor" provider' -l 'provider' -d 'Override the provider: efs or local.' -rfka 'efs local'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook doctor" state-dir' -l 'state-dir' -d 'Override stateDir.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook doctor" mount-root' -l 'mount-root' -d 'Override mountRoot.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook doctor" local-root' -l 'local-root' -d 'Override local.root.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook doctor" launch-deadline-seconds' -l 'launch-deadline-seconds' -d 'Override launchDeadlineSeconds: all the waiting of one launch (default 100; keep it under the caller\'s own timeout).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook doctor" log-level' -l 'log-level' -d 'trace, debug, info, notice, warning, error or critical (default: $EFS_HOOK_LOG_LEVEL, else notice).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook doctor" agent-flags' -l 'agent-flags' -d 'Read the Mesos agent\'s flags from this file (--name=value lines) instead of the running agent.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook doctor" csi-endpoint' -l 'csi-endpoint' -d 'The CSI plugin\'s socket to check, as its plugin configuration names it.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook doctor" json' -l 'json' -d 'Print JSON: {"ok": BOOL, "checks": [{status, name, detail, fix}]}.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook doctor" version' -l 'version' -d 'Show the version.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook doctor" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook config" config' -l 'config' -d 'Configuration file (default: $EFS_HOOK_CONFIG, else /etc/efs-hook/config.yaml).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook config" provider' -l 'provider' -d 'Override the provider: efs or local.' -rfka 'efs local'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook config" state-dir' -l 'state-dir' -d 'Override stateDir.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook config" mount-root' -l 'mount-root' -d 'Override mountRoot.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook config" local-root' -l 'local-root' -d 'Override local.root.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook config" launch-deadline-seconds' -l 'launch-deadline-seconds' -d 'Override launchDeadlineSeconds: all the waiting of one launch (default 100; keep it under the caller\'s own timeout).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook config" log-level' -l 'log-level' -d 'trace, debug, info, notice, warning, error or critical (default: $EFS_HOOK_LOG_LEVEL, else notice).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook config" json' -l 'json' -d 'Print JSON instead of YAML.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook config" version' -l 'version' -d 'Show the version.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook config" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook serve" config' -l 'config' -d 'Configuration file (default: $EFS_HOOK_CONFIG, else /etc/efs-hook/config.yaml).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook serve" provider' -l 'provider' -d 'Override the provider: efs or local.' -rfka 'efs local'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook serve" state-dir' -l 'state-dir' -d 'Override stateDir.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook serve" mount-root' -l 'mount-root' -d 'Override mountRoot.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook serve" local-root' -l 'local-root' -d 'Override local.root.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook serve" launch-deadline-seconds' -l 'launch-deadline-seconds' -d 'Override launchDeadlineSeconds: all the waiting of one launch (default 100; keep it under the caller\'s own timeout).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook serve" log-level' -l 'log-level' -d 'trace, debug, info, notice, warning, error or critical (default: $EFS_HOOK_LOG_LEVEL, else notice).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook serve" socket' -l 'socket' -d 'The plugin socket; Docker looks in /run/docker/plugins.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook serve" driver' -l 'driver' -d 'The driver name Docker knows (socket /run/docker/plugins/NAME.sock unless --socket is given); rexray answers for REX-Ray\'s volumes with its naming.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook serve" metrics' -l 'metrics' -d 'Serve Prometheus /metrics and /healthz on HOST:PORT (e.g. 127.0.0.1:9464).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook serve" version' -l 'version' -d 'Show the version.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook serve" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook csi" config' -l 'config' -d 'Configuration file (default: $EFS_HOOK_CONFIG, else /etc/efs-hook/config.yaml).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook csi" provider' -l 'provider' -d 'Override the provider: efs or local.' -rfka 'efs local'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook csi" state-dir' -l 'state-dir' -d 'Override stateDir.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook csi" mount-root' -l 'mount-root' -d 'Override mountRoot.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook csi" local-root' -l 'local-root' -d 'Override local.root.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook csi" launch-deadline-seconds' -l 'launch-deadline-seconds' -d 'Override launchDeadlineSeconds: all the waiting of one launch (default 100; keep it under the caller\'s own timeout).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook csi" log-level' -l 'log-level' -d 'trace, debug, info, notice, warning, error or critical (default: $EFS_HOOK_LOG_LEVEL, else notice).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook csi" endpoint' -l 'endpoint' -d 'The socket to listen on, as the orchestrator\'s plugin configuration names it.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook csi" services' -l 'services' -d 'Which services besides Identity: node, controller or both.' -rfka 'node controller both'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook csi" version' -l 'version' -d 'Show the version.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook csi" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook policy" version' -l 'version' -d 'Show the version.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook policy" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_positional "efs-hook policy" -eq 1' -fa 'check' -d 'Show the identity a task carries and the policy\'s decision on each of its volumes.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook policy check" config' -l 'config' -d 'Configuration file (default: $EFS_HOOK_CONFIG, else /etc/efs-hook/config.yaml).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook policy check" provider' -l 'provider' -d 'Override the provider: efs or local.' -rfka 'efs local'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook policy check" state-dir' -l 'state-dir' -d 'Override stateDir.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook policy check" mount-root' -l 'mount-root' -d 'Override mountRoot.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook policy check" local-root' -l 'local-root' -d 'Override local.root.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook policy check" launch-deadline-seconds' -l 'launch-deadline-seconds' -d 'Override launchDeadlineSeconds: all the waiting of one launch (default 100; keep it under the caller\'s own timeout).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook policy check" log-level' -l 'log-level' -d 'trace, debug, info, notice, warning, error or critical (default: $EFS_HOOK_LOG_LEVEL, else notice).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook policy check" message' -l 'message' -d 'task-info, executor-info, container-config or isolator-request (default: task-info for binary input, inferred from the keys for JSON).' -rfka 'task-info executor-info container-config isolator-request'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook policy check" format' -l 'format' -d 'auto, binary or json.' -rfka 'auto binary json'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook policy check" front-end' -l 'front-end' -d 'isolator, prepare, dvdcli or docker: the front end to decide for.' -rfka 'isolator prepare dvdcli docker csi'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook policy check" json' -l 'json' -d 'Print JSON: {identity, decisions}.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook policy check" version' -l 'version' -d 'Show the version.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook policy check" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook provision" config' -l 'config' -d 'Configuration file (default: $EFS_HOOK_CONFIG, else /etc/efs-hook/config.yaml).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook provision" provider' -l 'provider' -d 'Override the provider: efs or local.' -rfka 'efs local'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook provision" state-dir' -l 'state-dir' -d 'Override stateDir.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook provision" mount-root' -l 'mount-root' -d 'Override mountRoot.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook provision" local-root' -l 'local-root' -d 'Override local.root.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook provision" launch-deadline-seconds' -l 'launch-deadline-seconds' -d 'Override launchDeadlineSeconds: all the waiting of one launch (default 100; keep it under the caller\'s own timeout).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook provision" log-level' -l 'log-level' -d 'trace, debug, info, notice, warning, error or critical (default: $EFS_HOOK_LOG_LEVEL, else notice).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook provision" message' -l 'message' -d 'task-info, executor-info, container-config or isolator-request (default: inferred, as for plan).' -rfka 'task-info executor-info container-config isolator-request'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook provision" format' -l 'format' -d 'auto, binary or json.' -rfka 'auto binary json'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook provision" volume' -l 'volume' -d 'A volume to provision instead of a task\'s.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook provision"' -l 'option' -d 'A volume option for --volume (repeatable).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook provision" driver' -l 'driver' -d 'The --volume\'s driver: efs, or rexray for REX-Ray\'s naming.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook provision" front-end' -l 'front-end' -d 'The front end whose policy decides (isolator, prepare, dvdcli, docker).' -rfka 'isolator prepare dvdcli docker csi'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook provision" dry-run' -l 'dry-run' -d 'Describe only: print what exists and what a real run would create (toCreate).'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook provision" version' -l 'version' -d 'Show the version.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook provision" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook metrics" config' -l 'config' -d 'Configuration file (default: $EFS_HOOK_CONFIG, else /etc/efs-hook/config.yaml).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook metrics" provider' -l 'provider' -d 'Override the provider: efs or local.' -rfka 'efs local'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook metrics" state-dir' -l 'state-dir' -d 'Override stateDir.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook metrics" mount-root' -l 'mount-root' -d 'Override mountRoot.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook metrics" local-root' -l 'local-root' -d 'Override local.root.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook metrics" launch-deadline-seconds' -l 'launch-deadline-seconds' -d 'Override launchDeadlineSeconds: all the waiting of one launch (default 100; keep it under the caller\'s own timeout).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook metrics" log-level' -l 'log-level' -d 'trace, debug, info, notice, warning, error or critical (default: $EFS_HOOK_LOG_LEVEL, else notice).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook metrics" version' -l 'version' -d 'Show the version.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook metrics" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook audit" config' -l 'config' -d 'Configuration file (default: $EFS_HOOK_CONFIG, else /etc/efs-hook/config.yaml).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook audit" provider' -l 'provider' -d 'Override the provider: efs or local.' -rfka 'efs local'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook audit" state-dir' -l 'state-dir' -d 'Override stateDir.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook audit" mount-root' -l 'mount-root' -d 'Override mountRoot.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook audit" local-root' -l 'local-root' -d 'Override local.root.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook audit" launch-deadline-seconds' -l 'launch-deadline-seconds' -d 'Override launchDeadlineSeconds: all the waiting of one launch (default 100; keep it under the caller\'s own timeout).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook audit" log-level' -l 'log-level' -d 'trace, debug, info, notice, warning, error or critical (default: $EFS_HOOK_LOG_LEVEL, else notice).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook audit" since' -l 'since' -d 'Only entries since: an ISO 8601 time, or an age (90s, 30m, 12h, 7d).' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook audit" volume' -l 'volume' -d 'Only this volume\'s entries.' -rfka ''
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook audit" json' -l 'json' -d 'Print a JSON array.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook audit" version' -l 'version' -d 'Show the version.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook audit" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook debug" version' -l 'version' -d 'Show the version.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook debug" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_positional "efs-hook debug" -eq 1' -fa 'failpoints' -d 'List the step boundaries EFS_HOOK_FAILPOINT=<name> can crash the process at.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook debug failpoints" version' -l 'version' -d 'Show the version.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook debug failpoints" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'efs-hook' -n '__efs-hook_should_offer_completions_for_flags_or_options "efs-hook help" version' -l 'version' -d 'Show the version.'
