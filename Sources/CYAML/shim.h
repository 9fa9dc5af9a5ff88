#ifndef CREDC_CYAML_SHIM_H
#define CREDC_CYAML_SHIM_H
#include <yaml.h>
#endif
