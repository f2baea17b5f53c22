import angular from '../../../../tools/eslint/eslint.angular.config.mjs';

export default [...angular];
