package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/prefect-tui/prefect-tui/internal/userconfig"
)

func newContextCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "context",
		Short: "Named Prefect APIs to switch between: list, use, add, remove",
		Long: `A context names a Prefect API and how to use it: its URL, backend, where its
credential is (never the credential itself), tenant, whether it is read-only, and the
colour of the explorer's tenant band. They live in prefect-tui's own settings file,
$XDG_CONFIG_HOME/prefect-tui/config.toml, with the theme and the explorer's command
aliases; Prefect's own files (~/.prefect) are read for the "default" context and never
written.

--context NAME uses a context for one command, ` + "`context use NAME`" + ` for every command
after it, and :ctx NAME switches in the explorer. Flags (--api, --token, ...) still
override the context's values.`,
		Example: `  prefect-tui context add prod --api https://prefect.example.com --backend server --read-only --color red
  prefect-tui context add cloud --api https://api.prefect.io --credential env:PREFECT_CLOUD_KEY --tenant production
  prefect-tui context use prod
  prefect-tui --context cloud auth status`,
	}
	cmd.AddCommand(contextListCmd(c), contextUseCmd(c), contextAddCmd(c), contextRemoveCmd(c))
	return cmd
}

func contextListCmd(c *cli) *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "List the contexts (* marks the one in use)",
		Args:    cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			format, err := checkOutput(output)
			if err != nil {
				return err
			}
			uc, err := c.userConfig()
			if err != nil {
				return err
			}
			current := uc.Current()
			if c.flags.Context != "" {
				current = c.flags.Context
			}
			if structured(format) {
				return writeData(c.stdout, format, map[string]any{"current": current, "contexts": uc.Contexts})
			}
			tw := newTable(c.stdout)
			fmt.Fprintln(tw, "\tNAME\tAPI\tBACKEND\tTENANT\tCREDENTIAL\tREAD-ONLY")
			mark := func(name string) string {
				if name == current {
					return "*"
				}
				return ""
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t\t\t\t\n", mark(userconfig.DefaultContext), userconfig.DefaultContext, "(Prefect's own configuration)")
			for _, name := range uc.Names() {
				cx := uc.Contexts[name]
				cred := cx.Credential
				if cred == "" {
					cred = "saved"
				}
				ro := ""
				if cx.ReadOnly {
					ro = "yes"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", mark(name), name, cx.API, orDash(cx.Backend), orDash(cx.Tenant), cred, ro)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", outTable, "output format: "+outputFormats)
	return cmd
}

func contextUseCmd(c *cli) *cobra.Command {
	return &cobra.Command{
		Use:   "use NAME",
		Short: "Use a context from now on (\"default\": Prefect's own configuration)",
		Args:  cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			name := args[0]
			err := userconfig.Update(c.configPath(), func(uc *userconfig.Config) error {
				if name == userconfig.DefaultContext {
					uc.CurrentContext = ""
					return nil
				}
				if _, ok := uc.Contexts[name]; !ok {
					return fmt.Errorf("no context named %q (prefect-tui context list)", name)
				}
				uc.CurrentContext = name
				return nil
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(c.stdout, "Using context %s.\n", name)
			return nil
		},
	}
}

func contextAddCmd(c *cli) *cobra.Command {
	var cx userconfig.Context
	var use, replace bool
	cmd := &cobra.Command{
		Use:   "add NAME --api URL [flags]",
		Short: "Add a context",
		Args:  cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			name := args[0]
			if err := userconfig.ValidName(name); err != nil {
				return usageError{err}
			}
			if name == userconfig.DefaultContext {
				return usagef("%q names Prefect's own configuration; choose another name", name)
			}
			if err := cx.Validate(); err != nil {
				return usageError{err}
			}
			err := userconfig.Update(c.configPath(), func(uc *userconfig.Config) error {
				if _, ok := uc.Contexts[name]; ok && !replace {
					return fmt.Errorf("context %s exists (--replace to change it)", name)
				}
				if uc.Contexts == nil {
					uc.Contexts = map[string]userconfig.Context{}
				}
				uc.Contexts[name] = cx
				if use {
					uc.CurrentContext = name
				}
				return nil
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(c.stdout, "Added context %s (%s) to %s.\n", name, cx.API, c.configPath())
			if use {
				fmt.Fprintf(c.stdout, "Using context %s.\n", name)
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&cx.API, "api", "", "the API URL (required)")
	fl.StringVar(&cx.Backend, "backend", "", "server or cloud (default: from the credential, as without a context)")
	fl.StringVar(&cx.Credential, "credential", "", "where the credential is: saved (the login auth login saves; default), env:NAME or file:PATH")
	fl.StringVar(&cx.CredentialKind, "credential-kind", "", "what the credential is: api-key (default) or token")
	fl.StringVar(&cx.Tenant, "tenant", "", "the tenant to use, by slug or id (Cloud)")
	fl.BoolVar(&cx.ReadOnly, "read-only", false, "hide and disable every action that changes data in this context")
	fl.StringVar(&cx.Color, "color", "", "colour of the explorer's tenant band: red, yellow, green, blue, magenta, cyan, …")
	fl.BoolVar(&use, "use", false, "use the context from now on")
	fl.BoolVar(&replace, "replace", false, "replace a context of the same name")
	return cmd
}

func contextRemoveCmd(c *cli) *cobra.Command {
	return &cobra.Command{
		Use:     "remove NAME",
		Aliases: []string{"rm"},
		Short:   "Remove a context (the default one is used if it was in use)",
		Args:    cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			name := args[0]
			err := userconfig.Update(c.configPath(), func(uc *userconfig.Config) error {
				if _, ok := uc.Contexts[name]; !ok {
					return fmt.Errorf("no context named %q (prefect-tui context list)", name)
				}
				delete(uc.Contexts, name)
				if uc.CurrentContext == name {
					uc.CurrentContext = ""
				}
				return nil
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(c.stdout, "Removed context %s.\n", name)
			return nil
		},
	}
}
