{{/* Resource names are the release name: Onyxia release names are already unique per namespace. */}}
{{- define "vscode-lite.fullname" -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "vscode-lite.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "vscode-lite.labels" -}}
{{ include "vscode-lite.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 }}
{{- range $key, $value := .Values.extraLabels }}
{{ $key }}: {{ $value | quote }}
{{- end }}
{{- end -}}

{{- define "vscode-lite.image" -}}
{{- if .Values.service.image.custom.enabled -}}
{{ .Values.service.image.custom.version }}
{{- else -}}
{{ .Values.service.image.version }}
{{- end -}}
{{- end -}}

{{- define "vscode-lite.url" -}}
https://{{ .Values.ingress.hostname }}
{{- end -}}
